package provider

import (
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/config"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"
)

// Actions need Terraform 1.14 or later (OpenTofu has none yet): these tests
// are named TestAccTerraform* so that the OpenTofu run leaves them out and
// the Terraform run selects them; below 1.14 they skip.

// triggered is a terraform_data that invokes action after it is created and
// whenever its input changes.
func triggered(action, input string) string {
	return fmt.Sprintf(`
resource "terraform_data" "trigger" {
  input = %q
  lifecycle {
    action_trigger {
      events  = [after_create, after_update]
      actions = [%s]
    }
  }
}
`, input, action)
}

// checkCallee: the platform's AX binding on x has callee for secs seconds.
func (e *accEnv) checkCallee(x, callee string, secs int) resource.TestCheckFunc {
	return func(*terraform.State) error {
		for _, b := range e.bindings("AX") {
			if b.XNumber == x {
				if got, d := fmt.Sprint(b.Fields["calleeNum"]), fmt.Sprint(b.Fields["callee.duration"]); got != callee || d != fmt.Sprint(secs) {
					return fmt.Errorf("platform callee of X %s: %s for %s s, want %s for %d s", x, got, d, callee, secs)
				}
				return nil
			}
		}
		return fmt.Errorf("no AX binding on X %s", x)
	}
}

// The temporary callee reaches the platform, by binding id and by A and X,
// each time the trigger fires; a binding the platform does not have fails
// the apply with the platform's result code and what it means.
func TestAccTerraformAction_axTemporaryCallee(t *testing.T) {
	env := newAccEnv(t)
	x := axX("0755", 1)
	binding := resourceBody("privatenumber_ax_binding", "test", fmt.Sprintf("a_number = %q\nx_number = %q", axA1, x))
	byID := `
action "privatenumber_ax_temporary_callee" "next" {
  config {
    binding_id       = privatenumber_ax_binding.test.id
    callee_number    = var.callee
    duration_seconds = 600
  }
}
variable "callee" { type = string }
`
	byNumbers := fmt.Sprintf(`
action "privatenumber_ax_temporary_callee" "next" {
  config {
    a_number      = %q
    x_number      = %q
    callee_number = var.callee
  }
}
variable "callee" { type = string }
`, axA1, x)
	unknown := `
action "privatenumber_ax_temporary_callee" "next" {
  config {
    binding_id    = "0000000000000000no-such-binding"
    callee_number = var.callee
  }
}
variable "callee" { type = string }
`
	callee1, callee2 := "+8613900000002", "+8613900000003"
	act := "action.privatenumber_ax_temporary_callee.next"
	env.runCase(resource.TestCase{
		TerraformVersionChecks: []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_14_0)},
		CheckDestroy:           env.checkDestroyed,
		Steps: []resource.TestStep{
			{
				Config:          env.config("AX", binding, byID, triggered(act, "call-1")),
				ConfigVariables: config.Variables{"callee": config.StringVariable(callee1)},
				Check:           env.checkCallee(x, callee1, 600),
			},
			{
				Config:          env.config("AX", binding, byNumbers, triggered(act, "call-2")),
				ConfigVariables: config.Variables{"callee": config.StringVariable(callee2)},
				Check:           env.checkCallee(x, callee2, defaultCalleeSeconds),
			},
			{
				Config:          env.config("AX", binding, unknown, triggered(act, "call-3")),
				ConfigVariables: config.Variables{"callee": config.StringVariable(callee1)},
				ExpectError:     wrapPattern(`(?s)no such AX binding.*result code 1016001`),
			},
		},
	})
}

// A call in progress is stopped by the action; stopping it again (the
// trigger fires on the next change) fails with the platform's refusal.
func TestAccTerraformAction_stopCall(t *testing.T) {
	env := newAccEnv(t)
	sid := callInProgress(t, env.client("AX"), env.emu)
	stop := fmt.Sprintf(`
action "privatenumber_stop_call" "stop" {
  config {
    session_id = %q
  }
}
`, sid)
	act := "action.privatenumber_stop_call.stop"
	env.runCase(resource.TestCase{
		TerraformVersionChecks: []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_14_0)},
		Steps: []resource.TestStep{
			{
				Config: env.config("AX", stop, triggered(act, "stop-1")),
				Check: func(*terraform.State) error {
					if state := callState(t, env.emu, sid); state != "ended" {
						return fmt.Errorf("the call is %s, want ended", state)
					}
					return nil
				},
			},
			{
				Config:      env.config("AX", stop, triggered(act, "stop-2")),
				ExpectError: wrapPattern(`(?s)Could not stop the call .*no call in progress.*result code 1012007`),
			},
		},
	})
}
