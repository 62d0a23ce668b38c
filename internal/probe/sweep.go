package probe

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/privnum/terraform-provider-privatenumber/internal/client"
)

// SweepOptions configure the sweeper.
type SweepOptions struct {
	Endpoint string
	Apps     []App
	Act      bool      // unbind; false: only print what would be unbound (dry run)
	Out      io.Writer // one line per binding found, numbers masked
}

// SweepResult counts what the sweeper found and did.
type SweepResult struct {
	Found, Marked, Unbound int
	// Stuck are marked bindings it could not unbind (masked descriptions).
	Stuck []string
}

// found is one binding on an X number.
type found struct {
	id, x, a, b, userData string
}

func (f found) marked() bool { return strings.HasPrefix(f.userData, Marker) }

// Sweep lists the bindings on the given X numbers of each application, and
// unbinds those whose user data starts with Marker (with Act), printing each
// binding, masked, before it acts. A binding without the marker is never
// touched; an AXYB group whose records do not carry its subscription ID
// cannot be unbound by the sweeper and is reported (it expires by itself).
func Sweep(ctx context.Context, opt SweepOptions) (SweepResult, error) {
	var res SweepResult
	var errs []error
	for _, app := range opt.Apps {
		c, err := client.New(client.Config{Endpoint: opt.Endpoint, AppKey: app.AppKey, AppSecret: app.AppSecret})
		if err != nil {
			return res, err
		}
		for _, x := range app.XNumbers {
			list, err := listOn(ctx, c, app.Mode, x)
			if err != nil {
				errs = append(errs, fmt.Errorf("%s X %s: listing: %w", app.Mode, client.MaskNumber(x), err))
				continue
			}
			for _, f := range list {
				res.Found++
				errs = append(errs, sweepOne(ctx, c, app.Mode, f, opt, &res))
			}
		}
	}
	return res, errors.Join(errs...)
}

func sweepOne(ctx context.Context, c *client.Client, mode string, f found, opt SweepOptions, res *SweepResult) error {
	desc := fmt.Sprintf("%-4s X %s A %s", mode, client.MaskNumber(f.x), client.MaskNumber(f.a))
	if f.b != "" {
		desc += " B " + client.MaskNumber(f.b)
	}
	desc += " id " + orNone(f.id)
	switch {
	case !f.marked():
		fmt.Fprintf(opt.Out, "keep     %s (no test marker)\n", desc)
		return nil
	case f.id == "":
		res.Marked++
		res.Stuck = append(res.Stuck, desc)
		fmt.Fprintf(opt.Out, "stuck    %s (the records do not carry the group's subscription ID; it expires by itself)\n", desc)
		return nil
	case !opt.Act:
		res.Marked++
		fmt.Fprintf(opt.Out, "would unbind %s (dry run)\n", desc)
		return nil
	}
	res.Marked++
	fmt.Fprintf(opt.Out, "unbind   %s\n", desc)
	if err := unbindByID(ctx, c, mode, f.id); err != nil && !client.IsNotFound(err) {
		res.Stuck = append(res.Stuck, desc)
		return fmt.Errorf("%s: %w", desc, err)
	}
	res.Unbound++
	return nil
}

func orNone(s string) string {
	if s == "" {
		return "(none)"
	}
	return s
}

// listOn lists the bindings on X (an AXYB group once, by its records).
func listOn(ctx context.Context, c *client.Client, mode, x string) ([]found, error) {
	var out []found
	switch mode {
	case "AX":
		l, err := c.QueryAX(ctx, client.AXQuery{XNumber: x})
		for _, b := range l {
			out = append(out, found{id: b.SubscriptionID, x: b.XNumber, a: b.ANumber, userData: b.UserData})
		}
		return out, err
	case "AXB":
		l, err := c.ListAXB(ctx, client.AXBQuery{XNumber: x})
		for _, b := range l {
			out = append(out, found{id: b.SubscriptionID, x: b.XNumber, a: b.ANumber, b: b.BNumber, userData: b.UserData})
		}
		return out, err
	case "AXE":
		l, err := c.ListAXE(ctx, x)
		for _, b := range l {
			out = append(out, found{id: b.SubscriptionID, x: b.XNumber, a: b.ANumber, userData: b.UserData})
		}
		return out, err
	case "AXYB":
		l, err := c.QueryAXYB(ctx, client.AXYBQuery{XNumber: x})
		seen := map[string]bool{}
		for _, r := range l {
			if r.SubscriptionID != "" && seen[r.SubscriptionID] {
				continue
			}
			seen[r.SubscriptionID] = true
			out = append(out, found{id: r.SubscriptionID, x: r.XNumber, a: r.ANumber, b: r.BNumber, userData: r.UserData})
		}
		return out, err
	}
	return nil, fmt.Errorf("unknown mode %q", mode)
}

func unbindByID(ctx context.Context, c *client.Client, mode, id string) error {
	switch mode {
	case "AX":
		return c.UnbindAX(ctx, client.AXUnbindRequest{SubscriptionID: id})
	case "AXB":
		return c.UnbindAXB(ctx, client.AXBUnbindRequest{SubscriptionID: id})
	case "AXE":
		return c.UnbindAXE(ctx, client.AXEUnbindRequest{SubscriptionID: id})
	}
	return c.UnbindAXYB(ctx, client.AXYBUnbindRequest{SubscriptionID: id})
}
