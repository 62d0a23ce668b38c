package provider

import (
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/resource"
)

// axTypes lists the AX mode's resources and data sources.
func axTypes() ([]func() resource.Resource, []func() datasource.DataSource) {
	return []func() resource.Resource{newAXBindingResource},
		[]func() datasource.DataSource{newAXBindingDataSource, newAXBindingsDataSource}
}
