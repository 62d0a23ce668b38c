package provider

import (
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/resource"
)

// axbTypes lists the AXB mode's resources and data sources.
func axbTypes() ([]func() resource.Resource, []func() datasource.DataSource) {
	return []func() resource.Resource{newAXBBindingResource},
		[]func() datasource.DataSource{newAXBBindingDataSource, newAXBBindingsDataSource}
}
