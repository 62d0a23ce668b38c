package provider

import (
	"context"
	"encoding/json"
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/echoprovider"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/privnum/terraform-provider-privatenumber/internal/client"
	"github.com/privnum/terraform-provider-privatenumber/internal/emulator"
)

// recordingURLPattern is a download address the emulator issues for a
// recording: the domain, the file, an expiry and a token.
func recordingURLPattern(file, domain string) *regexp.Regexp {
	return regexp.MustCompile(`^https://` + regexp.QuoteMeta(domain) + `/` + regexp.QuoteMeta(file) + `\?expires=[0-9]+&token=[0-9a-f]{32}$`)
}

// recordingToken is what marks a download address wherever it is copied.
const recordingToken = "token=" // (json.Marshal writes & as \u0026)

const recordingBlockFormat = `
ephemeral "privatenumber_recording_url" "r" {
  file_name     = %q
  record_domain = %q
}
`

// recordedCall binds a recorded AX binding through c and places an answered
// call of 30 s through it (the emulator's simulated calls): the platform
// then holds its recording. It returns the recording's file and domain.
func recordedCall(t *testing.T, c client.API, emu *emulator.Emulator) (file, domain string) {
	t.Helper()
	x := testNumber("AX", "0755", 3)
	if _, err := c.BindAX(context.Background(), client.AXBindRequest{ANumber: "+8613800000012", XNumber: x, PowerOn: true, RecordFlag: true}); err != nil {
		t.Fatal(err)
	}
	call, err := emu.PlaceCall(emulator.CallRequest{From: "+8613700000022", To: x, TalkSeconds: 30})
	if err != nil || call.RecordingFile == "" {
		t.Fatalf("placing a recorded call: %v, recording %q: want a recording", err, call.RecordingFile)
	}
	return call.RecordingFile, call.RecordDomain
}

// tokenScan checks the JSON form of the state or the plan for a recording
// address: found says whether one must be there.
func tokenScan(what string, v any, found bool) error {
	data, err := json.Marshal(v)
	if err != nil {
		return err
	}
	if got := strings.Contains(string(data), recordingToken); got != found {
		return fmt.Errorf("%s: recording address present = %v, want %v:\n%s", what, got, found, data)
	}
	return nil
}

type stateTokenCheck struct{ found bool }

func (c stateTokenCheck) CheckState(_ context.Context, req statecheck.CheckStateRequest, resp *statecheck.CheckStateResponse) {
	if err := tokenScan("state", req.State, c.found); err != nil {
		resp.Error = err
	}
}

type planTokenCheck struct{ found bool }

func (c planTokenCheck) CheckPlan(_ context.Context, req plancheck.CheckPlanRequest, resp *plancheck.CheckPlanResponse) {
	if err := tokenScan("plan", req.Plan, c.found); err != nil {
		resp.Error = err
	}
}

// The recording address is fetched on plan and apply, never reaches the
// state or the plan, and is usable where ephemeral values go (here the
// testing library's echo provider's configuration, which copies it into its
// own state so that the test can read it: the same scan finds it there).
func TestAccRecordingURL_ephemeral(t *testing.T) {
	env := newAccEnv(t)
	file, domain := recordedCall(t, env.client("AX"), env.emu)
	recordingBlock := fmt.Sprintf(recordingBlockFormat, file, domain)
	opened := func(*terraform.State) error {
		if n := env.requests("recording.url"); n == 0 {
			return fmt.Errorf("the recording address was never requested")
		}
		return nil
	}
	factories := env.factories()
	factories["echo"] = echoprovider.NewProviderServer()
	resource.ParallelTest(t, resource.TestCase{
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_10_0)},
		ProtoV6ProviderFactories: factories,
		Steps: []resource.TestStep{
			{
				Config: env.config("AX", recordingBlock+`
resource "terraform_data" "other" {
  input = "kept"
}
`),
				ConfigPlanChecks:  resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{planTokenCheck{found: false}}},
				ConfigStateChecks: []statecheck.StateCheck{stateTokenCheck{found: false}},
				Check:             opened,
			},
			{
				Config: env.config("AX", recordingBlock+`
provider "echo" {
  data = ephemeral.privatenumber_recording_url.r.url
}
resource "echo" "url" {}
`),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("echo.url", tfjsonpath.New("data"), knownvalue.StringRegexp(recordingURLPattern(file, domain))),
					stateTokenCheck{found: true}, // the scan finds an address where there is one
				},
			},
			{
				Config:      env.config("AX", fmt.Sprintf(recordingBlockFormat, "rec_never_recorded.wav", domain)),
				ExpectError: wrapPattern(`(?s)No such recording.*The platform has no recording "rec_never_recorded.wav"`),
			},
		},
	})
}
