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
)

// recordingURLPattern is a download address the emulator issues: the
// domain, the file, an expiry and a token.
var recordingURLPattern = regexp.MustCompile(`^https://ostor\.example\.com/rec-20261129-0001\.wav\?expires=[0-9]+&token=[0-9a-f]{32}$`)

// recordingToken is what marks a download address wherever it is copied.
const recordingToken = "token=" // (json.Marshal writes & as \u0026)

const recordingBlock = `
ephemeral "privatenumber_recording_url" "r" {
  file_name     = "rec-20261129-0001.wav"
  record_domain = "ostor.example.com"
}
`

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
					statecheck.ExpectKnownValue("echo.url", tfjsonpath.New("data"), knownvalue.StringRegexp(recordingURLPattern)),
					stateTokenCheck{found: true}, // the scan finds an address where there is one
				},
			},
			{
				Config:      env.config("AX", strings.Replace(recordingBlock, "ostor.example.com", "bad/domain", 1)),
				ExpectError: wrapPattern(`Could not get the download address of recording rec-20261129-0001.wav`),
			},
		},
	})
}
