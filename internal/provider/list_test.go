package provider

// `terraform query` end to end (Terraform 1.14 and later, make
// testacc-terraform): bindings made outside Terraform are listed by the list
// resources, `-generate-config-out` writes resource and import blocks, and
// the plan of that configuration imports exactly the listed bindings and
// changes nothing. terraform-plugin-testing's query steps cannot generate
// configuration, so the test drives the engine binary itself, with the
// provider served in-process (serveReattach).

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"

	"github.com/privnum/terraform-provider-privatenumber/internal/client"
)

// queryCase is one mode's adoption: bind makes the bindings out of band and
// returns the ids the lists must find; query is the .tfquery.hcl file.
type queryCase struct {
	mode, query string
	env         func(*testing.T) *accEnv
	bind        func(t *testing.T, c client.API) []string
	// edit is what the user must add to the generated configuration (the
	// adoption guide says so); it makes changes in-place updates that send
	// no request.
	edit    func(string) string
	changes int
}

// listBlock is a list block of typ with include_resource and the config body.
func listBlock(typ, body string) string {
	return fmt.Sprintf("list %q \"found\" {\n  provider         = privatenumber\n  include_resource = true\n  config {\n    %s\n  }\n}\n", typ, body)
}

func TestAccTerraformQuery_generateAndAdopt(t *testing.T) {
	if os.Getenv("TF_ACC") == "" {
		t.Skip("acceptance test: set TF_ACC=1")
	}
	requireTerraform114(t)
	ctx := context.Background()
	must := func(t *testing.T, err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	x := func(mode string, n int) string { return testNumber(mode, "0755", n) }
	cases := []queryCase{
		{mode: "AX", env: newAccEnv,
			query: listBlock("privatenumber_ax_binding", fmt.Sprintf("x_numbers = [%q, %q]", x("AX", 1), x("AX", 2))),
			bind: func(t *testing.T, c client.API) (ids []string) {
				for n := 1; n <= 3; n++ { // the third X is not listed
					r, err := c.BindAX(ctx, client.AXBindRequest{ANumber: fmt.Sprintf("+86138000000%02d", n), XNumber: x("AX", n), PrivateSMS: true, PowerOn: true})
					must(t, err)
					if n < 3 {
						ids = append(ids, r.SubscriptionID)
					}
				}
				return ids
			}},
		{mode: "AXB", env: newAccEnv,
			query: listBlock("privatenumber_axb_binding", fmt.Sprintf("x_numbers = [%q]\n    a_number  = %q", x("AXB", 1), axbA(1))),
			bind: func(t *testing.T, c client.API) (ids []string) {
				// Only the first is on X 1 with A 1.
				for n, b := range []client.AXBBindRequest{
					{XNumber: x("AXB", 1), ANumber: axbA(1), BNumber: axbB(1), RecordFlag: true},
					{XNumber: x("AXB", 1), ANumber: axbA(2), BNumber: axbB(2)},
					{XNumber: x("AXB", 2), ANumber: axbA(1), BNumber: axbB(3)},
				} {
					r, err := c.BindAXB(ctx, b)
					must(t, err)
					if n == 0 {
						ids = append(ids, r.SubscriptionID)
					}
				}
				return ids
			}},
		{mode: "AXE", env: newAccEnv,
			query: listBlock("privatenumber_axe_binding", fmt.Sprintf("x_numbers = [%q]", x("AXE", 1))),
			bind: func(t *testing.T, c client.API) (ids []string) {
				for n, xn := range []int{1, 1, 2} {
					// As the console binds: a callback record lifetime of a day (the schema's
					// range starts at 1 minute; a binding without one cannot be adopted as is).
					r, err := c.BindAXE(ctx, client.AXEBindRequest{XNumber: x("AXE", xn), ANumber: fmt.Sprintf("+86138000000%02d", n+1),
						TimeUnit: client.TimeUnitMinutes, CallbackExpiredTime: 1440})
					must(t, err)
					if xn == 1 {
						ids = append(ids, r.SubscriptionID)
					}
				}
				return ids
			}},
		{mode: "AXYB", env: newAccEnvAXYBGroupRecords,
			query: listBlock("privatenumber_axyb_binding", fmt.Sprintf("x_numbers = [%q]", testNumber("AXYB", "010", 1))) +
				listBlock("privatenumber_axyb_member", fmt.Sprintf("x_numbers = [%q]", testNumber("AXYB", "010", 1))),
			bind: func(t *testing.T, c client.API) []string {
				g, err := c.BindAXYB(ctx, client.AXYBBindRequest{ANumber: axybDriver, AreaCode: "010"})
				must(t, err)
				if g.Number != testNumber("AXYB", "010", 1) {
					t.Fatalf("the group got X %s, the test lists %s", g.Number, testNumber("AXYB", "010", 1))
				}
				ids := []string{g.SubscriptionID}
				for n := 1; n <= 2; n++ {
					_, err := c.BindAXYBMember(ctx, client.AXYBMemberBindRequest{SubscriptionID: g.SubscriptionID, BNumber: axybCustomer(n)})
					must(t, err)
					ids = append(ids, axybMemberID(g.SubscriptionID, axybCustomer(n)))
				}
				return ids
			},
			// The platform never reports a group's area_code, which the resource requires.
			edit: func(s string) string {
				group := regexp.MustCompile(`(?s)resource "privatenumber_axyb_binding".*?\n}\n`)
				return group.ReplaceAllStringFunc(s, func(block string) string {
					return regexp.MustCompile(`area_code\s*=\s*null`).ReplaceAllString(block, `area_code = "010"`)
				})
			},
			changes: 1},
	}
	for _, qc := range cases {
		t.Run(qc.mode, func(t *testing.T) {
			t.Parallel()
			runQueryCase(t, qc)
		})
	}
}

// requireTerraform114 fails a test that needs Terraform 1.14 or later (list
// resources, actions) on another engine: these tests are named
// TestAccTerraform*, which the OpenTofu run skips and make testacc-terraform runs.
func requireTerraform114(t *testing.T) {
	t.Helper()
	out, err := exec.Command(os.Getenv("TF_ACC_TERRAFORM_PATH"), "version").Output()
	if err != nil {
		t.Fatalf("engine version: %v", err)
	}
	minor := -1
	if m := regexp.MustCompile(`^Terraform v1\.(\d+)\.`).FindSubmatch(out); m != nil {
		minor, _ = strconv.Atoi(string(m[1]))
	}
	if minor < 14 {
		t.Fatalf("this test needs Terraform 1.14 or later (make testacc-terraform), the engine is %s", strings.SplitN(string(out), "\n", 2)[0])
	}
}

// runQueryCase runs one mode's query, generation and plans.
func runQueryCase(t *testing.T, qc queryCase) {
	env := qc.env(t)
	reattach, source := serveReattach(t)
	dir := t.TempDir()
	engineEnv := []string{"TF_REATTACH_PROVIDERS=" + reattach, "TF_IN_AUTOMATION=1", "CHECKPOINT_DISABLE=1"}
	ctx := deadlineContext(t)
	run := func(args ...string) string {
		t.Helper()
		out, err := runEngine(ctx, dir, engineEnv, args...)
		if err != nil {
			t.Fatalf("%s: %v\n%s", strings.Join(args, " "), err, out)
		}
		return out
	}
	write := func(name, text string) {
		t.Helper()
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	main := fmt.Sprintf("terraform {\n  required_providers {\n    privatenumber = { source = %q }\n  }\n}\n", source) + env.providerConfig(qc.mode)
	write("main.tf", main)
	run("init", "-input=false", "-no-color")
	want := qc.bind(t, env.client(qc.mode))
	write("adopt.tfquery.hcl", qc.query)

	out := run("query", "-no-color", "-generate-config-out=generated.tf")
	gen, err := os.ReadFile(filepath.Join(dir, "generated.tf"))
	if err != nil {
		t.Fatalf("query wrote no generated.tf: %v\n%s", err, out)
	}
	text := string(gen)
	if n := strings.Count(text, "import {"); n != len(want) {
		t.Fatalf("generated %d import blocks, want %d (ids %v)\nquery output:\n%s\ngenerated.tf:\n%s", n, len(want), want, out, text)
	}
	for _, id := range want {
		if !strings.Contains(text, fmt.Sprintf("id      = %q", id)) && !strings.Contains(text, fmt.Sprintf("id = %q", id)) {
			t.Errorf("generated.tf has no identity for binding %s:\n%s", id, text)
		}
	}
	if !strings.Contains(text, testAppKey(qc.mode)) {
		t.Errorf("generated.tf's identities do not name the application %s:\n%s", testAppKey(qc.mode), text)
	}
	if qc.edit != nil {
		text = qc.edit(text)
		write("generated.tf", text)
	}
	before := len(env.emu.Bindings("", ""))
	plan := run("plan", "-input=false", "-no-color")
	wantPlan := regexp.MustCompile(fmt.Sprintf(`Plan: %d to import, 0 to add, %d to change, 0 to destroy`, len(want), qc.changes))
	if !wantPlan.MatchString(plan) {
		t.Fatalf("the plan of the generated configuration is not %q:\n%s\ngenerated.tf:\n%s", wantPlan, plan, text)
	}
	run("apply", "-auto-approve", "-input=false", "-no-color")
	if again := run("plan", "-input=false", "-no-color", "-detailed-exitcode"); !strings.Contains(again, "No changes.") {
		t.Fatalf("after the import the plan is not empty:\n%s", again)
	}
	if after := len(env.emu.Bindings("", "")); after != before {
		t.Fatalf("the platform held %d bindings before the import and %d after: adopting must bind nothing", before, after)
	}
}

// TestAccAdoption_axbForEach runs the adoption guide's OpenTofu example
// (examples/guides/adoption/axb-for-each.tf) as written, on X 1: the two
// pairs there (one with non-default attributes) are imported with no
// change, the pair on another X is left alone, and nothing is bound.
func TestAccAdoption_axbForEach(t *testing.T) {
	env := newAccEnv(t)
	x1, x2 := testNumber("AXB", "0755", 1), testNumber("AXB", "0755", 2)
	c := env.client("AXB")
	for _, b := range []client.AXBBindRequest{
		{XNumber: x1, ANumber: axbA(1), BNumber: axbB(1)},
		{XNumber: x1, ANumber: axbA(2), BNumber: axbB(2), RecordFlag: true, CallDirection: 1, DurationSeconds: 3600, UserData: "ticket-42"},
		{XNumber: x2, ANumber: axbA(3), BNumber: axbB(3)},
	} {
		if _, err := c.BindAXB(context.Background(), b); err != nil {
			t.Fatal(err)
		}
	}
	example, err := os.ReadFile(filepath.Join("..", "..", "examples", "guides", "adoption", "axb-for-each.tf"))
	if err != nil {
		t.Fatal(err)
	}
	cfg := env.providerConfig("AXB") + strings.ReplaceAll(string(example), `"+8617010000001"`, hq(x1))
	addr := func(b string) string { return fmt.Sprintf("privatenumber_axb_binding.pair[%q]", b) }
	env.runCase(resource.TestCase{Steps: []resource.TestStep{{ // for_each: no legacy-state Check or CheckDestroy
		Config: cfg,
		ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
			plancheck.ExpectResourceAction(addr(axbB(1)), actNoop),
			plancheck.ExpectResourceAction(addr(axbB(2)), actNoop),
		}, PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
		ConfigStateChecks: []statecheck.StateCheck{
			attrIs(addr(axbB(2)), "record_calls", knownvalue.Bool(true)),
			attrIs(addr(axbB(2)), "user_data", knownvalue.StringExact("ticket-42")),
			platformCheck(func() error { // the three made above, no more
				if err := env.checkCount("AXB", 3)(nil); err != nil {
					return err
				}
				return env.checkRequests("AXB.bind", 3)(nil)
			}),
		},
	}, {
		// The harness cannot read for_each instances back at the end: remove them.
		Config: env.providerConfig("AXB"),
	}}})
}

// platformCheck is a state check of the platform only (it works with for_each).
type platformCheck func() error

func (c platformCheck) CheckState(_ context.Context, _ statecheck.CheckStateRequest, resp *statecheck.CheckStateResponse) {
	resp.Error = c()
}
