package provider

import (
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/resource"
)

// axybTypes lists the AXYB mode's resources and data sources.
func axybTypes() ([]func() resource.Resource, []func() datasource.DataSource) {
	return []func() resource.Resource{newAXYBBindingResource, newAXYBMemberResource},
		[]func() datasource.DataSource{newAXYBBindingDataSource}
}
