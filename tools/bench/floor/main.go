// Command floor is the benchmark's no-op provider: the real provider's
// schema for privatenumber_axb_binding (and the real provider schema) on the
// same terraform-plugin-framework, with no network and no logic. Create
// assigns an id, Read returns the prior state, Update stores the plan,
// Delete does nothing. What it costs per resource is what the engine and the
// plugin protocol cost: the floor any provider with this schema pays.
//
// It serves under the type name "privatenumber" so that the benchmark's
// configurations are the same text for both providers; only the source
// address in required_providers differs. Not shipped.
package main

import (
	"context"
	"fmt"
	"log"
	"os"
	"runtime/pprof"
	"strconv"
	"sync/atomic"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6/tf6server"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	real "github.com/privnum/terraform-provider-privatenumber/internal/provider"
)

const typeName = "privatenumber"

// resourceTypes are the real resources the floor mirrors.
var resourceTypes = []string{"privatenumber_axb_binding", "privatenumber_axb_pool"}

func main() {
	if err := serve(); err != nil {
		log.Fatal(err)
	}
}

func serve() error {
	ctx := context.Background()
	resources, err := mirror(ctx)
	if err != nil {
		return err
	}
	// The provider's profiling hook, so that profiles of both compare.
	if prefix := os.Getenv("PRIVATENUMBER_CPUPROFILE"); prefix != "" {
		f, err := os.Create(fmt.Sprintf("%s.%d.pprof", prefix, os.Getpid()))
		if err != nil {
			return err
		}
		if err := pprof.StartCPUProfile(f); err != nil {
			return err
		}
		defer func() {
			pprof.StopCPUProfile()
			_ = f.Close()
		}()
	}
	// FLOOR_DETACH_CONTEXTS=1 (the benchmark's floor_detached kind) serves
	// the floor through the provider's workaround for the framework's
	// retention of finished requests (server_memory.go, a link to the
	// provider's own file, so the code is the same).
	detached := os.Getenv(envDetach) == "1"
	return tf6server.Serve("registry.terraform.io/privnum/floor", func() tfprotov6.ProviderServer {
		server := providerserver.NewProtocol6(&floorProvider{resources: resources})()
		if detached {
			return detachRequestContexts(server)
		}
		return server
	})
}

// envDetach turns the workaround of server_memory.go on.
const envDetach = "FLOOR_DETACH_CONTEXTS"

// mirror finds the real resources by type name and wraps their schemas.
func mirror(ctx context.Context) ([]func() resource.Resource, error) {
	p := real.New("floor")()
	byName := map[string]resource.Resource{}
	for _, ctor := range p.Resources(ctx) {
		r := ctor()
		var m resource.MetadataResponse
		r.Metadata(ctx, resource.MetadataRequest{ProviderTypeName: typeName}, &m)
		byName[m.TypeName] = r
	}
	var out []func() resource.Resource
	for _, name := range resourceTypes {
		r, ok := byName[name]
		if !ok {
			return nil, fmt.Errorf("floor: the provider has no resource %s yet (merge it first)", name)
		}
		var s resource.SchemaResponse
		r.Schema(ctx, resource.SchemaRequest{}, &s)
		if s.Diagnostics.HasError() {
			return nil, fmt.Errorf("floor: schema of %s: %v", name, s.Diagnostics)
		}
		fr := &floorResource{name: name, schema: s}
		out = append(out, func() resource.Resource { return fr })
	}
	return out, nil
}

type floorProvider struct {
	resources []func() resource.Resource
}

func (p *floorProvider) Metadata(_ context.Context, _ provider.MetadataRequest, resp *provider.MetadataResponse) {
	resp.TypeName = typeName
	resp.Version = "0.0.0-floor"
}

// Schema is the real provider's: the benchmark's provider block fits both.
func (p *floorProvider) Schema(ctx context.Context, req provider.SchemaRequest, resp *provider.SchemaResponse) {
	real.New("floor")().Schema(ctx, req, resp)
}

func (p *floorProvider) Configure(context.Context, provider.ConfigureRequest, *provider.ConfigureResponse) {
}

func (p *floorProvider) Resources(context.Context) []func() resource.Resource { return p.resources }

func (p *floorProvider) DataSources(context.Context) []func() datasource.DataSource { return nil }

type floorResource struct {
	name   string
	schema resource.SchemaResponse
}

var (
	_ resource.Resource                = (*floorResource)(nil)
	_ resource.ResourceWithImportState = (*floorResource)(nil)
)

func (r *floorResource) Metadata(_ context.Context, _ resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = r.name
}

func (r *floorResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	*resp = r.schema
}

var (
	idPrefix = strconv.FormatInt(time.Now().UnixNano(), 36) + "-" + strconv.Itoa(os.Getpid()) + "-"
	seq      atomic.Int64
)

// known turns the plan into a state: a new id where it is unknown, null for
// every other value only the platform would know.
func known(plan tftypes.Value) (tftypes.Value, error) {
	idPath := tftypes.NewAttributePath().WithAttributeName("id")
	return tftypes.Transform(plan, func(p *tftypes.AttributePath, v tftypes.Value) (tftypes.Value, error) {
		if v.IsKnown() {
			return v, nil
		}
		if p.Equal(idPath) {
			return tftypes.NewValue(tftypes.String, idPrefix+strconv.FormatInt(seq.Add(1), 10)), nil
		}
		return tftypes.NewValue(v.Type(), nil), nil
	})
}

func (r *floorResource) Create(_ context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	v, err := known(req.Plan.Raw)
	if err != nil {
		resp.Diagnostics.AddError("floor", err.Error())
		return
	}
	resp.State.Raw = v
}

// Read returns the prior state: the framework has already copied it into resp.State.
func (r *floorResource) Read(context.Context, resource.ReadRequest, *resource.ReadResponse) {}

func (r *floorResource) Update(_ context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	v, err := known(req.Plan.Raw)
	if err != nil {
		resp.Diagnostics.AddError("floor", err.Error())
		return
	}
	resp.State.Raw = v
}

func (r *floorResource) Delete(context.Context, resource.DeleteRequest, *resource.DeleteResponse) {}

func (r *floorResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	resource.ImportStatePassthroughID(ctx, path.Root("id"), req, resp)
}
