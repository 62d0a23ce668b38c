package provider

import (
	"context"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/function"

	"github.com/privnum/terraform-provider-privatenumber/internal/client"
)

// The provider functions: normalize_number turns a number as people write it
// into the global format the platform takes; mask_number shows a number the
// way the provider's logs do. Both are pure: no provider configuration and no
// platform request (OpenTofu 1.7+ and Terraform 1.8+ call them as
// provider::privatenumber::<name>).

var (
	_ function.Function = normalizeNumberFunction{}
	_ function.Function = maskNumberFunction{}
)

func newNormalizeNumberFunction() function.Function { return normalizeNumberFunction{} }
func newMaskNumberFunction() function.Function      { return maskNumberFunction{} }

type normalizeNumberFunction struct{}

func (normalizeNumberFunction) Metadata(_ context.Context, _ function.MetadataRequest, resp *function.MetadataResponse) {
	resp.Name = "normalize_number"
}

func (normalizeNumberFunction) Definition(_ context.Context, _ function.DefinitionRequest, resp *function.DefinitionResponse) {
	resp.Definition = function.Definition{
		Summary: "A phone number as people write it, in the global format the platform takes",
		MarkdownDescription: "Returns `number` in the global format every number attribute of this provider takes " +
			"(`+`, the country code, the digits; E.164), or fails with a message saying why it cannot be a phone number. " +
			normalizeRule,
		Parameters: []function.Parameter{
			function.StringParameter{
				Name:                "number",
				MarkdownDescription: "A phone number, such as `138 0013 8000`, `0755-8888 6666`, `+86 755 8888 6666` or `0086 138 0013 8000`.",
			},
		},
		Return: function.StringReturn{},
	}
}

func (normalizeNumberFunction) Run(ctx context.Context, req function.RunRequest, resp *function.RunResponse) {
	var in string
	if resp.Error = req.Arguments.Get(ctx, &in); resp.Error != nil {
		return
	}
	out, err := normalizeNumber(in)
	if err != nil {
		resp.Error = function.NewArgumentFuncError(0, "normalize_number: "+err.Error())
		return
	}
	resp.Error = resp.Result.Set(ctx, out)
}

type maskNumberFunction struct{}

func (maskNumberFunction) Metadata(_ context.Context, _ function.MetadataRequest, resp *function.MetadataResponse) {
	resp.Name = "mask_number"
}

func (maskNumberFunction) Definition(_ context.Context, _ function.DefinitionRequest, resp *function.DefinitionResponse) {
	resp.Definition = function.Definition{
		Summary: "A phone number masked the way the provider's logs show it",
		MarkdownDescription: "Returns `number` with all but its country code and last four digits replaced by `*` " +
			"(`+8613800138000` gives `+86*******8000`): the form in which the provider writes numbers to its logs, " +
			"never in full. Use it to find a binding in `TF_LOG` output, or to show a number in an output without revealing it. " +
			"`number` must be in global format; pass it through `normalize_number` first when it is not.",
		Parameters: []function.Parameter{
			function.StringParameter{
				Name:                "number",
				MarkdownDescription: "A phone number in global format, such as `+8613800138000`.",
			},
		},
		Return: function.StringReturn{},
	}
}

func (maskNumberFunction) Run(ctx context.Context, req function.RunRequest, resp *function.RunResponse) {
	var in string
	if resp.Error = req.Arguments.Get(ctx, &in); resp.Error != nil {
		return
	}
	if !globalNumberRE.MatchString(in) {
		// Not repeated in full: the message may reach a log.
		resp.Error = function.NewArgumentFuncError(0, "mask_number: "+client.MaskNumber(strings.TrimSpace(in))+
			" is not in global format (\"+\", the country code, 4 to 30 digits in all); "+
			"use provider::privatenumber::normalize_number(...) first")
		return
	}
	resp.Error = resp.Result.Set(ctx, client.MaskNumber(in))
}
