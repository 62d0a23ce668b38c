package provider

import (
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/privnum/terraform-provider-privatenumber/internal/emulator"
)

// X numbers of the test application's 010 pool.
var axybX010 = regexp.MustCompile(`^\+86171000003\d\d$`)

// An imported group has no area_code: the platform never reports it (it only
// steers the choice of X), and the configuration always has one. timeouts is
// config-only.
var axybImportIgnore = []string{"timeouts", "area_code"}

// The USERS.md §4 configuration as written there (for_each over the regular
// customers): adding or removing a customer touches only that member, and
// one destroy removes group and members without errors. (The harness's
// legacy state cannot hold for_each instances: this test uses plan and state
// checks only, and ends with an empty state.)
func TestAccAXYBBinding_forEach(t *testing.T) {
	env := newAccEnv(t)
	three := axybCustomers(1, 2, 3)
	four := axybCustomers(1, 2, 3, 4)
	withoutTwo := axybCustomers(1, 3, 4)
	actions := func(customers []string, action plancheck.ResourceActionType) []plancheck.PlanCheck {
		addrs := make([]string, 0, len(customers))
		for _, c := range customers {
			addrs = append(addrs, axybForEachAddr(c))
		}
		return actionsOn(addrs, action)
	}
	env.runCase(resource.TestCase{
		Steps: []resource.TestStep{
			{
				Config:           env.axybForEachConfig(three),
				ConfigPlanChecks: planIs(axybGroupAddr, actCreate, actions(three, actCreate)...),
				ConfigStateChecks: []statecheck.StateCheck{
					env.axybPlatformIs(three),
					attrIs(axybGroupAddr, "x_number", knownvalue.StringRegexp(axybX010)),
					statecheck.ExpectKnownValue(axybForEachAddr(axybCustomer(2)), tfjsonpath.New("y_number"), knownvalue.StringRegexp(regexp.MustCompile(`^\+86171`))),
				},
			},
			{
				Config:           env.axybForEachConfig(three),
				ConfigPlanChecks: emptyPlan(),
			},
			{
				Config: env.axybForEachConfig(four),
				ConfigPlanChecks: planIs(axybGroupAddr, actNoop, append([]plancheck.PlanCheck{
					plancheck.ExpectResourceAction(axybForEachAddr(axybCustomer(4)), actCreate),
				}, actions(three, actNoop)...)...),
				ConfigStateChecks: []statecheck.StateCheck{env.axybPlatformIs(four)},
			},
			{
				Config: env.axybForEachConfig(withoutTwo),
				ConfigPlanChecks: planIs(axybGroupAddr, actNoop, append([]plancheck.PlanCheck{
					plancheck.ExpectResourceAction(axybForEachAddr(axybCustomer(2)), actDestroy),
				}, actions(withoutTwo, actNoop)...)...),
				ConfigStateChecks: []statecheck.StateCheck{env.axybPlatformIs(withoutTwo)},
			},
			{
				// terraform destroy: members first (they reference the group), no errors.
				Config:  env.axybForEachConfig(withoutTwo),
				Destroy: true,
			},
			{
				PreConfig: func() {
					if err := env.checkDestroyed(nil); err != nil {
						t.Fatal(err)
					}
				},
				Config:   env.providerConfig("AXYB"),
				PlanOnly: true,
			},
		},
	})
}

// A driver's group with one member resource per customer: adding or removing
// a customer touches only that member; imports give the state a create gives.
func TestAccAXYBBinding_lifecycleAndImport(t *testing.T) {
	env := newAccEnvAXYBGroupRecords(t)
	three := axybCustomers(1, 2, 3)
	four := axybCustomers(1, 2, 3, 4)
	withoutTwo := axybCustomers(1, 3, 4)
	var groupID string

	env.run([]resource.TestStep{
		{
			Config: env.axybConfig("", three, ""),
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: append([]plancheck.PlanCheck{
				plancheck.ExpectResourceAction(axybGroupAddr, actCreate),
				plannedUnknown(axybGroupAddr, "x_number"),
			}, axybMembersAction(three, actCreate)...)},
			ConfigStateChecks: []statecheck.StateCheck{
				attrIs(axybGroupAddr, "x_number", knownvalue.StringRegexp(axybX010)),
				attrIs(axybGroupAddr, "a_number", knownvalue.StringExact(axybDriver)),
				attrIs(axybGroupAddr, "area_code", knownvalue.StringExact("010")),
				attrIs(axybGroupAddr, "area_match_mode", knownvalue.StringExact("strict")),
				attrIs(axybGroupAddr, "call_direction", knownvalue.StringExact("both")),
				attrIs(axybGroupAddr, "lifetime", knownvalue.StringExact("0s")),
				attrIs(axybGroupAddr, "member_lifetime", knownvalue.StringExact("0s")),
				attrIs(axybGroupAddr, "record_calls", knownvalue.Bool(false)),
				attrIs(axybGroupAddr, "user_data", knownvalue.Null()),
				attrIs(axybGroupAddr, "expires_at", knownvalue.Null()),
				statecheck.ExpectKnownValue(axybMemberAddr(axybCustomer(1)), tfjsonpath.New("b_number"), knownvalue.StringExact(axybCustomer(1))),
				statecheck.ExpectKnownValue(axybMemberAddr(axybCustomer(1)), tfjsonpath.New("expires_at"), knownvalue.Null()),
				statecheck.ExpectKnownValue(axybMemberAddr(axybCustomer(1)), tfjsonpath.New("area_code"), knownvalue.Null()),
			},
			Check: resource.ComposeTestCheckFunc(
				env.axybCheckPlatform(three),
				captureAttr(axybGroupAddr, "id", &groupID),
				func(s *terraform.State) error {
					// The platform's default lifetime may be 7200 s: "permanent" must have been sent.
					for _, b := range env.bindings("AXYB") {
						if b.ExpiresAt != nil {
							return fmt.Errorf("%s %s expires at %s; the group should be permanent", b.SubscriptionID, b.BNumber, b.ExpiresAt)
						}
					}
					m := s.RootModule().Resources[axybMemberAddr(axybCustomer(2))]
					if want := groupID + "/" + axybCustomer(2); m.Primary.ID != want {
						return fmt.Errorf("member id %q, want %q", m.Primary.ID, want)
					}
					return nil
				},
			),
		},
		{
			// Nothing changed: nothing to do.
			Config:           env.axybConfig("", three, ""),
			ConfigPlanChecks: emptyPlan(),
		},
		{
			// A new regular customer: only that member is created.
			Config: env.axybConfig("", four, ""),
			ConfigPlanChecks: planIs(axybGroupAddr, actNoop, append([]plancheck.PlanCheck{
				plancheck.ExpectResourceAction(axybMemberAddr(axybCustomer(4)), actCreate),
			}, axybMembersAction(three, actNoop)...)...),
			Check: env.axybCheckPlatform(four),
		},
		{
			// A customer leaves: only that member is destroyed.
			Config: env.axybConfig("", withoutTwo, ""),
			ConfigPlanChecks: planIs(axybGroupAddr, actNoop, append([]plancheck.PlanCheck{
				plancheck.ExpectResourceAction(axybMemberAddr(axybCustomer(2)), actDestroy),
			}, axybMembersAction(withoutTwo, actNoop)...)...),
			Check: env.axybCheckPlatform(withoutTwo),
		},
		{
			// Import by subscription ID.
			ResourceName:            axybGroupAddr,
			ImportState:             true,
			ImportStateVerify:       true,
			ImportStateVerifyIgnore: axybImportIgnore,
		},
		{
			// Import by the group's X.
			ResourceName: axybGroupAddr,
			ImportState:  true,
			ImportStateIdFunc: func(s *terraform.State) (string, error) {
				return s.RootModule().Resources[axybGroupAddr].Primary.Attributes["x_number"], nil
			},
			ImportStateVerify:       true,
			ImportStateVerifyIgnore: axybImportIgnore,
		},
		{
			// Import a member by SUBSCRIPTION_ID/B_NUMBER: the same state as its create.
			ResourceName:            axybMemberAddr(axybCustomer(3)),
			ImportState:             true,
			ImportStateVerify:       true,
			ImportStateVerifyIgnore: []string{"timeouts"},
		},
		{
			// An import block: the plan imports the group and records the
			// configured area_code / area_match_mode (never reported by the
			// platform) as an in-place update that sends no request.
			ResourceName:       axybGroupAddr,
			ImportState:        true,
			ImportStateKind:    resource.ImportBlockWithID,
			ExpectNonEmptyPlan: true,
			ImportPlanChecks: resource.ImportPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectResourceAction(axybGroupAddr, actUpdate),
				plannedIs(axybGroupAddr, "x_number", knownvalue.StringRegexp(axybX010)),
			}},
		},
		{
			// A member by import block: nothing to change.
			ResourceName:    axybMemberAddr(axybCustomer(1)),
			ImportState:     true,
			ImportStateKind: resource.ImportBlockWithID,
		},
	})
}

// Every group attribute replaces the group (AXYB has no modify API), and
// with it every member (their binding_id changes).
func TestAccAXYBBinding_replace(t *testing.T) {
	env := newAccEnv(t)
	two := axybCustomers(1, 2)

	replaced := func(group string, platform func(emulator.AdminBinding) error) resource.TestStep {
		return resource.TestStep{
			Config:           env.axybConfig(group, two, ""),
			ConfigPlanChecks: planIs(axybGroupAddr, actDestroyCreate, axybMembersAction(two, actDestroyCreate)...),
			Check: resource.ComposeTestCheckFunc(env.axybCheckPlatform(two), func(*terraform.State) error {
				for _, entries := range axybGroups(env.emu) {
					return platform(entries[0])
				}
				return nil
			}),
		}
	}
	field := func(name string, want any) func(emulator.AdminBinding) error {
		return func(b emulator.AdminBinding) error {
			if got := fmt.Sprint(b.Fields[name]); got != fmt.Sprint(want) {
				return fmt.Errorf("platform %s = %v, want %v", name, got, want)
			}
			return nil
		}
	}
	xIn := func(re string) func(emulator.AdminBinding) error {
		return func(b emulator.AdminBinding) error {
			if !regexp.MustCompile(re).MatchString(b.XNumber) {
				return fmt.Errorf("X %s does not match %s", b.XNumber, re)
			}
			return nil
		}
	}

	env.run([]resource.TestStep{
		{Config: env.axybConfig("", two, ""), Check: env.axybCheckPlatform(two)},
		replaced(`call_direction = "a_to_b"`, field("callDirection", 1)),
		replaced(`
  call_direction = "a_to_b"
  lifetime       = "24h"`, field("duration", 86400)),
		replaced(`
  call_direction  = "a_to_b"
  lifetime        = "24h"
  member_lifetime = "1h"`, field("ybDuration", 3600)),
		replaced(`
  record_calls     = true
  record_hint_tone = "recording-notice.wav"`, field("recordHintTone", "recording-notice.wav")),
		replaced(`
  record_calls     = true
  record_hint_tone = "recording-notice.wav"
  x_hint_tone      = "driver-welcome.wav"`, field("preVoiceX", "driver-welcome.wav")),
		replaced(`user_data = "driver=42"`, field("userData", "driver=42")),
		replaced(`
  user_data       = "driver=42"
  area_match_mode = "fallback"`, xIn(`^\+86171`)),
		replaced(`area_code = "0755"`, xIn(`^\+86170`)),
		replaced(`
  area_code = "0755"
  a_number  = "+8613800000002"`, func(b emulator.AdminBinding) error {
			if b.ANumber != "+8613800000002" {
				return fmt.Errorf("platform A %s", b.ANumber)
			}
			return nil
		}),
	})
}

// Changes made outside Terraform: a changed group is replaced back (AXYB has
// no modify API, so going back to the configuration means a new bind), and a
// group unbound elsewhere is planned as "group and members will be created".
func TestAccAXYBBinding_drift(t *testing.T) {
	env := newAccEnv(t)
	two := axybCustomers(1, 2)
	cfg := env.axybConfig(`user_data = "driver=42"`, two, "")
	var groupID string

	env.run([]resource.TestStep{
		{Config: cfg, Check: resource.ComposeTestCheckFunc(env.axybCheckPlatform(two), captureAttr(axybGroupAddr, "id", &groupID))},
		{
			// userData changed by another system: no modify API exists, so
			// the plan replaces the group (and its members) to restore it.
			PreConfig:        env.patched(&groupID, map[string]any{"userData": "changed-elsewhere"}),
			Config:           cfg,
			ConfigPlanChecks: planIs(axybGroupAddr, actDestroyCreate, axybMembersAction(two, actDestroyCreate)...),
			Check: resource.ComposeTestCheckFunc(env.axybCheckPlatform(two), captureAttr(axybGroupAddr, "id", &groupID),
				func(*terraform.State) error {
					if ud := axybGroups(env.emu)[groupID][0].Fields["userData"]; ud != "driver=42" {
						return fmt.Errorf("platform userData %v after apply", ud)
					}
					return nil
				}),
		},
		// The group unbound in the console: group and members will be created.
		axybRecreatedStep(env.disappears(&groupID), cfg, two, actCreate, env.axybCheckPlatform(two)),
	})
}

// A group with a lifetime: expires_at is the bind time plus the lifetime; when
// it passes, the platform ends group and members and the plan creates them again.
func TestAccAXYBBinding_expiry(t *testing.T) {
	env := newAccEnvAXYBGroupRecords(t)
	two := axybCustomers(1, 2)
	cfg := env.axybConfig(`lifetime = "1h"`, two, "")

	expiresLikePlatform := func(s *terraform.State) error {
		g := s.RootModule().Resources[axybGroupAddr]
		for _, b := range axybGroups(env.emu)[g.Primary.ID][:1] {
			if b.ExpiresAt == nil || g.Primary.Attributes["expires_at"] != expiresText(b) {
				return fmt.Errorf("state expires_at %q, platform %v", g.Primary.Attributes["expires_at"], b.ExpiresAt)
			}
		}
		return nil
	}
	check := resource.ComposeTestCheckFunc(env.axybCheckPlatform(two), expiresLikePlatform)
	env.run([]resource.TestStep{
		{Config: cfg, Check: check},
		axybRecreatedStep(env.later(3601*time.Second), cfg, two, actCreate, check),
	})
}

// Plan-time validation: every mistake is reported with its attribute and
// fix before any request reaches the platform.
func TestAccAXYBBinding_validation(t *testing.T) {
	env := newAccEnv(t)
	one := axybCustomers(1)
	bad := func(group, member string, want ...string) resource.TestStep {
		return resource.TestStep{
			Config:      env.axybConfig(group, one, member),
			PlanOnly:    true,
			ExpectError: wrapRE(want...),
		}
	}
	env.runCase(resource.TestCase{
		Steps: []resource.TestStep{
			bad(`lifetime = "1h"`+"\n  "+`member_lifetime = "2h"`, "",
				`member_lifetime is "2h" but the group's lifetime is "1h": a member cannot outlive its group. Set member_lifetime to at most "1h"`),
			bad(`member_lifetime = "2h"`+"\n  "+`lifetime = "30s"`, "", `lifetime = "30s" is outside what the platform allows (duration, in seconds): from "1m" to "2160h", or "0s" (permanent)`),
			bad(`lifetime = "2160h1s"`, "", `lifetime = "2160h1s" is outside`),
			bad(`member_lifetime = "59s"`, "", `member_lifetime = "59s" is outside what the platform allows (ybDuration, in seconds): from "1m" to "2160h", or "0s" (members end with the group)`),
			bad(`lifetime = "24h"`+"\n  "+`renew_before = "2h"`, "", "renew_before is not available for AXYB", "the platform has none for AXYB", "Remove renew_before"),
			bad(`a_number = "13800000001"`, "", `a_number "13800000001" is not in global format`),
			bad(`a_number = "+864001234567"`, "", "is a 400 number"),
			bad(`area_code = "10"`, "", `area_code "10" is not a city code`),
			bad(`call_direction = "sideways"`, "", `call_direction value must be one of`),
			bad(`user_data = "{json}"`, "", "user_data must not contain { or }"),
			bad(`x_hint_tone = "hello world.wav"`, "", "x_hint_tone \"hello world.wav\" is not a playback file name"),
			bad("", `area_match_mode = "fallback"`, "area_match_mode only says what happens when area_code has no free Y. Set area_code"),
			bad("", `area_code = "755"`, `area_code "755" is not a city code`),
			{
				Config:      env.axybConfig("", []string{"+86 139 0000 0001"}, ""),
				PlanOnly:    true,
				ExpectError: wrapRE("contains spaces or separators"),
			},
			{
				// A valid configuration plans, and nothing above reached the platform.
				PreConfig: func() {
					if err := env.checkNoRequests()(nil); err != nil {
						t.Fatal(err)
					}
				},
				Config:             env.axybConfig(`lifetime = "1h"`+"\n  "+`member_lifetime = "1h"`, one, ""),
				PlanOnly:           true,
				ExpectNonEmptyPlan: true,
			},
		},
	})
}

// A group bind whose answer is lost: AXYB cannot be queried by A and X was to
// be picked from area_code, so the provider says the group may exist (with
// what is needed to find it) and never sends the bind again. The group is
// then adopted by importing it by its X.
func TestAccAXYBBinding_unknownOutcome(t *testing.T) {
	env := newAccEnvAXYBGroupRecords(t)
	cfg := env.axybConfig("", nil, "")
	env.run([]resource.TestStep{
		{
			PreConfig: func() {
				env.fault("AXYB.bind", "drop_response_after_commit")
			},
			Config:      cfg,
			ExpectError: wrapRE(`The bind of a_number ` + axybDriver + ` in area_code 010`),
		},
		{
			PreConfig: func() {
				if n := env.axybBindRequests(); n != 1 {
					t.Fatalf("expected exactly one AXYB.bind request, the platform saw %d", n)
				}
				if n := len(axybGroups(env.emu)); n != 1 {
					t.Fatalf("expected the one group the lost bind made, the platform has %d", n)
				}
				env.emu.ClearFaults()
			},
			Config:       cfg,
			ResourceName: axybGroupAddr,
			ImportState:  true,
			ImportStateIdFunc: func(*terraform.State) (string, error) {
				for _, entries := range axybGroups(env.emu) {
					return entries[0].XNumber, nil
				}
				return "", fmt.Errorf("no group on the platform")
			},
			ImportStatePersist: true,
		},
		{
			// The imported group is kept: only area_code is recorded, no new bind.
			Config:           cfg,
			ConfigPlanChecks: planIs(axybGroupAddr, actUpdate),
			Check: resource.ComposeTestCheckFunc(env.axybCheckPlatform(nil), func(*terraform.State) error {
				if n := env.axybBindRequests(); n != 1 {
					return fmt.Errorf("expected no bind after the import, the platform saw %d binds in all", n)
				}
				return nil
			}),
		},
		{
			// Once recorded, a change of area_code replaces as for any group.
			Config:           env.axybConfig(`area_code = "0755"`, nil, ""),
			ConfigPlanChecks: planIs(axybGroupAddr, actDestroyCreate),
			Check:            env.axybCheckPlatform(nil),
		},
	})
}

// No free X in the area: the error names A and the area code. The test
// application's 010 pool has 8 numbers: the driver's X and 7 members' Y
// (taken in the city of the X) use them all.
func TestAccAXYBBinding_noFreeX(t *testing.T) {
	env := newAccEnv(t)
	seven := axybCustomers(1, 2, 3, 4, 5, 6, 7)
	second := `
resource "privatenumber_axyb_binding" "second" {
  a_number   = "+8613800000002"
  area_code  = "010"
  depends_on = [` + strings.Join(axybMemberAddrs(seven), ", ") + `]
}
`
	env.run([]resource.TestStep{
		{Config: env.axybConfig("", seven, ""), Check: env.axybCheckPlatform(seven)},
		{
			Config:      env.axybConfig("", seven, "") + second,
			ExpectError: regexp.MustCompile(`(?s)No\s+X\s+could\s+be\s+given\s+to\s+A\s+\+8613800000002\s+in\s+area\s+010.*1012008`),
		},
		{Config: env.axybConfig("", seven, ""), Check: env.axybCheckPlatform(seven)},
	})
}
