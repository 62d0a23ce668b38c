package provider

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
)

// The state upgrade of schema version 0 (0.1.0-dev: lifetimes as integers,
// lifetime_seconds, lifetime_minutes, ...) to version 1 (one duration
// vocabulary, lifetime.go): each integer becomes its duration string, and the
// attributes version 1 added start null. A state written by 0.1.0-dev keeps
// working without a plan that changes anything.

// lifetimeRename is one integer attribute of version 0 and its duration successor.
type lifetimeRename struct {
	from, to string
	unit     time.Duration
}

// lifetimeUpgraders upgrades version 0 by renames; added lists the new
// attributes of version 1 (null after the upgrade).
func lifetimeUpgraders(renames []lifetimeRename, added ...string) map[int64]resource.StateUpgrader {
	return map[int64]resource.StateUpgrader{0: {StateUpgrader: func(ctx context.Context, req resource.UpgradeStateRequest, resp *resource.UpgradeStateResponse) {
		if req.RawState == nil || req.RawState.JSON == nil {
			resp.Diagnostics.AddError("Cannot upgrade the state", "The state of schema version 0 holds no JSON value. This is a bug in the provider; please report it.")
			return
		}
		out, err := upgradeLifetimesJSON(req.RawState.JSON, renames, added)
		if err == nil {
			resp.State.Raw, err = (&tfprotov6.RawState{JSON: out}).Unmarshal(resp.State.Schema.Type().TerraformType(ctx))
		}
		if err != nil {
			resp.Diagnostics.AddError("Cannot upgrade the state",
				fmt.Sprintf("The state written by provider version 0.1.0-dev could not be turned into this version's lifetime attributes: %v. "+
					"Remove the resource from the state (tofu state rm) and import it again.", err))
		}
	}}}
}

// upgradeLifetimesJSON rewrites one resource's state object.
func upgradeLifetimesJSON(in []byte, renames []lifetimeRename, added []string) ([]byte, error) {
	var m map[string]json.RawMessage
	if err := json.Unmarshal(in, &m); err != nil {
		return nil, err
	}
	for _, r := range renames {
		var n *int64
		if raw, ok := m[r.from]; ok {
			if err := json.Unmarshal(raw, &n); err != nil {
				return nil, fmt.Errorf("%s: %w", r.from, err)
			}
		}
		delete(m, r.from)
		m[r.to] = json.RawMessage("null")
		if n != nil {
			s, _ := json.Marshal(formatDuration(time.Duration(*n) * r.unit))
			m[r.to] = s
		}
	}
	for _, a := range added {
		m[a] = json.RawMessage("null")
	}
	return json.Marshal(m)
}

var (
	_ resource.ResourceWithUpgradeState = (*axbBindingResource)(nil)
	_ resource.ResourceWithUpgradeState = (*axeBindingResource)(nil)
	_ resource.ResourceWithUpgradeState = (*axybBindingResource)(nil)
	_ resource.ResourceWithModifyPlan   = (*axybBindingResource)(nil)
	_ resource.ResourceWithModifyPlan   = (*axybMemberResource)(nil)
)
