package provider

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/actionvalidator"
	"github.com/hashicorp/terraform-plugin-framework/action"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"

	"github.com/privnum/terraform-provider-privatenumber/internal/client"
)

// What the two actions share: the client from the provider, progress
// messages that never show a number in full (pipelines print them), and one
// way of reporting the platform's refusal.

type actionBase struct{ client client.API }

func (b *actionBase) Configure(_ context.Context, req action.ConfigureRequest, resp *action.ConfigureResponse) {
	b.client = clientFrom(req.ProviderData, &resp.Diagnostics)
}

// progress sends msg to the engine's output, when the engine listens.
func progress(resp *action.InvokeResponse, msg string) {
	if resp.SendProgress != nil {
		resp.SendProgress(action.InvokeProgressEvent{Message: msg})
	}
}

// addActionError reports a failed action: the hint for the platform's result
// code when there is one (it says what the code means here), else the
// provider's general reading, then the platform's answer.
func addActionError(diags *diag.Diagnostics, what string, err error, hints codeHints) {
	var perr *client.Error
	if errors.As(err, &perr) && hints[perr.ResultCode] != "" {
		diags.AddError("Could not "+what, fmt.Sprintf("%s\n\nPlatform answer: result code %s (%s), HTTP %d, operation %s.",
			hints[perr.ResultCode], perr.ResultCode, strings.TrimSpace(perr.ResultDesc), perr.HTTPStatus, perr.Operation))
		return
	}
	addPlatformError(diags, what, err, nil)
}

// calleeRule: a number in global format; unlike a bound number it may be a
// 400 or 95 number (reference §17: an AX temporary callee may be one).
var calleeRule = stringRule{
	summary:     "Invalid phone number",
	description: "a phone number in global format (\"+\", country code, digits); 400 and 95 numbers allowed",
	problem: func(attr, s string) string {
		if globalNumberRE.MatchString(s) {
			return ""
		}
		return attr + " " + numberProblem(s) + "."
	},
}

// axCalleeIdentity: the binding by id, or by its A and X numbers.
func axCalleeIdentity() []action.ConfigValidator {
	return []action.ConfigValidator{
		actionvalidator.ExactlyOneOf(path.MatchRoot("binding_id"), path.MatchRoot("a_number")),
		actionvalidator.RequiredTogether(path.MatchRoot("a_number"), path.MatchRoot("x_number")),
		actionvalidator.Conflicting(path.MatchRoot("binding_id"), path.MatchRoot("x_number")),
	}
}
