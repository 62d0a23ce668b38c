// Command terraform-provider-privatenumber is the Terraform and OpenTofu provider
// for Huawei Cloud Private Number (number-masking bindings in AX, AXB, AXE and AXYB modes).
package main

import (
	"context"
	"flag"
	"log"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"

	"github.com/privnum/terraform-provider-privatenumber/internal/provider"
)

// version is set at build time: -ldflags "-X main.version=1.2.3".
var version = "dev"

func main() {
	var debug bool
	flag.BoolVar(&debug, "debug", false, "run the provider with support for debuggers like delve")
	flag.Parse()

	err := providerserver.Serve(context.Background(), provider.New(version), providerserver.ServeOpts{
		Address: "registry.terraform.io/privnum/privatenumber",
		Debug:   debug,
	})
	if err != nil {
		log.Fatal(err.Error())
	}
}
