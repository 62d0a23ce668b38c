package provider

// The list resources of the four modes (list.go). Each embeds its resource:
// the same type name, the same Configure, and the ImportState and Read that
// build the results.

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/list"

	"github.com/privnum/terraform-provider-privatenumber/internal/client"
)

const (
	listAFilter = "Only the bindings of this real number A, in global format."
	listBFilter = "Only the bindings of this real number B, in global format."
)

// ---- AX

type axBindingList struct{ axBindingResource }

func (l *axBindingList) ListResourceConfigSchema(_ context.Context, _ list.ListResourceSchemaRequest, resp *list.ListResourceSchemaResponse) {
	resp.Schema = listSchema("AX binding", true, map[string]string{
		"a_number": "Every X bound to this real number A (`origNum`), in global format; with `x_numbers`, only those X.",
	})
}

func (l *axBindingList) List(ctx context.Context, req list.ListRequest, stream *list.ListResultsStream) {
	listFlow(ctx, req, stream, l.client, l.appKey, &l.axBindingResource, func(ctx context.Context, cfg listConfig, diags *diag.Diagnostics) []listFound {
		if !needXOrA(cfg, diags) {
			return nil
		}
		var found []listFound
		add := func(list []client.AXBinding, xs map[string]bool) {
			for _, b := range list {
				if len(xs) == 0 || xs[b.XNumber] {
					found = append(found, listFound{b.SubscriptionID, listDisplay("AX", b.SubscriptionID, "X", b.XNumber, "A", b.ANumber)})
				}
			}
		}
		if !cfg.ANumber.IsNull() {
			xs := map[string]bool{}
			for _, x := range cfg.XNumbers {
				xs[x] = true
			}
			list, err := l.client.QueryAX(ctx, client.AXQuery{ANumber: cfg.ANumber.ValueString()})
			if err != nil && !client.IsNotFound(err) {
				addPlatformError(diags, "list the AX bindings of A "+cfg.ANumber.ValueString(), err, nil)
			}
			add(list, xs)
			return found
		}
		forEachX(cfg.XNumbers, diags, func(x string) error {
			list, err := l.client.QueryAX(ctx, client.AXQuery{XNumber: x})
			add(list, nil)
			return err
		}, "list the AX binding on X")
		return found
	})
}

// ---- AXB

type axbBindingList struct{ axbBindingResource }

func (l *axbBindingList) ListResourceConfigSchema(_ context.Context, _ list.ListResourceSchemaRequest, resp *list.ListResourceSchemaResponse) {
	resp.Schema = listSchema("AXB binding", false, map[string]string{"a_number": listAFilter, "b_number": listBFilter})
}

func (l *axbBindingList) List(ctx context.Context, req list.ListRequest, stream *list.ListResultsStream) {
	listFlow(ctx, req, stream, l.client, l.appKey, &l.axbBindingResource, func(ctx context.Context, cfg listConfig, diags *diag.Diagnostics) []listFound {
		var found []listFound
		forEachX(cfg.XNumbers, diags, func(x string) error {
			list, err := l.client.ListAXB(ctx, client.AXBQuery{XNumber: x, ANumber: cfg.ANumber.ValueString(), BNumber: cfg.BNumber.ValueString()})
			for _, b := range list {
				if wantNumber(cfg.ANumber, b.ANumber) && wantNumber(cfg.BNumber, b.BNumber) {
					found = append(found, listFound{b.SubscriptionID, listDisplay("AXB", b.SubscriptionID, "X", b.XNumber, "A", b.ANumber, "B", b.BNumber)})
				}
			}
			return err
		}, "list the AXB bindings on X")
		return found
	})
}

// ---- AXE

type axeBindingList struct{ axeBindingResource }

func (l *axeBindingList) ListResourceConfigSchema(_ context.Context, _ list.ListResourceSchemaRequest, resp *list.ListResourceSchemaResponse) {
	resp.Schema = listSchema("AXE binding", false, map[string]string{"a_number": listAFilter})
}

func (l *axeBindingList) List(ctx context.Context, req list.ListRequest, stream *list.ListResultsStream) {
	listFlow(ctx, req, stream, l.client, l.appKey, &l.axeBindingResource, func(ctx context.Context, cfg listConfig, diags *diag.Diagnostics) []listFound {
		var found []listFound
		forEachX(cfg.XNumbers, diags, func(x string) error {
			list, err := l.client.ListAXE(ctx, x)
			for _, b := range list {
				if wantNumber(cfg.ANumber, b.ANumber) {
					found = append(found, listFound{b.SubscriptionID,
						listDisplay("AXE", b.SubscriptionID, "X", b.XNumber, "A", b.ANumber) + " extension " + b.Extension})
				}
			}
			return err
		}, "list the AXE bindings on X")
		return found
	})
}

// ---- AXYB: groups and members

type axybBindingList struct{ axybBindingResource }

func (l *axybBindingList) ListResourceConfigSchema(_ context.Context, _ list.ListResourceSchemaRequest, resp *list.ListResourceSchemaResponse) {
	resp.Schema = listSchema("AXYB group", false, map[string]string{"a_number": "Only the groups of this real number A, in global format."})
}

func (l *axybBindingList) List(ctx context.Context, req list.ListRequest, stream *list.ListResultsStream) {
	listFlow(ctx, req, stream, l.client, l.appKey, &l.axybBindingResource, func(ctx context.Context, cfg listConfig, diags *diag.Diagnostics) []listFound {
		seen := map[string]bool{}
		var found []listFound
		axybRelations(ctx, l.client, cfg.XNumbers, diags, func(r client.AXYBRelation) {
			if !seen[r.SubscriptionID] && wantNumber(cfg.ANumber, r.ANumber) {
				seen[r.SubscriptionID] = true
				found = append(found, listFound{r.SubscriptionID, listDisplay("AXYB", r.SubscriptionID, "X", r.XNumber, "A", r.ANumber)})
			}
		})
		return found
	})
}

type axybMemberList struct{ axybMemberResource }

func (l *axybMemberList) ListResourceConfigSchema(_ context.Context, _ list.ListResourceSchemaRequest, resp *list.ListResourceSchemaResponse) {
	resp.Schema = listSchema("AXYB member", false, map[string]string{"b_number": listBFilter})
}

func (l *axybMemberList) List(ctx context.Context, req list.ListRequest, stream *list.ListResultsStream) {
	listFlow(ctx, req, stream, l.client, l.appKey, &l.axybMemberResource, func(ctx context.Context, cfg listConfig, diags *diag.Diagnostics) []listFound {
		var found []listFound
		axybRelations(ctx, l.client, cfg.XNumbers, diags, func(r client.AXYBRelation) {
			if r.BNumber != "" && wantNumber(cfg.BNumber, r.BNumber) {
				id := axybMemberID(r.SubscriptionID, r.BNumber)
				found = append(found, listFound{id, listDisplay("AXYB member", r.SubscriptionID, "X", r.XNumber, "Y", r.YNumber, "B", r.BNumber)})
			}
		})
		return found
	})
}

// axybRelations calls each with the records on each X that name their
// group. Records that do not (the platform's member-only records, reference
// §17) cannot be adopted by ID: a warning says how to import them instead.
func axybRelations(ctx context.Context, c client.API, xs []string, diags *diag.Diagnostics, each func(client.AXYBRelation)) {
	forEachX(xs, diags, func(x string) error {
		rels, err := c.QueryAXYB(ctx, client.AXYBQuery{XNumber: x})
		unnamed := 0
		for _, r := range rels {
			if r.SubscriptionID == "" {
				unnamed++
				continue
			}
			each(r)
		}
		if unnamed > 0 {
			diags.AddWarning("AXYB records without their group",
				"The platform's records on X "+x+" do not name their group's subscriptionId, so "+
					"they cannot be listed for adoption. Import those groups and members by subscriptionId (SUBSCRIPTION_ID/B_NUMBER for a member).")
		}
		return err
	}, "list the AXYB records on X")
}
