package provider

import (
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/resource"
)

// axeTypes lists the AXE mode's resources and data sources.
func axeTypes() ([]func() resource.Resource, []func() datasource.DataSource) {
	return []func() resource.Resource{newAXEBindingResource},
		[]func() datasource.DataSource{newAXEBindingDataSource, newAXEBindingsDataSource}
}
