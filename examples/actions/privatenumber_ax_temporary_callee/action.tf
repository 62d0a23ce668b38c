# Route A's next calls through X to a customer for an hour (Terraform 1.14+).
resource "privatenumber_ax_binding" "agent" {
  a_number  = "+8613800138000"
  area_code = "0755"
}

action "privatenumber_ax_temporary_callee" "customer" {
  config {
    binding_id       = privatenumber_ax_binding.agent.id
    callee_number    = "+8613900139000"
    duration_seconds = 3600
  }
}

# Run it on demand:
#   terraform apply -invoke=action.privatenumber_ax_temporary_callee.customer
# or whenever something changes, from a resource's lifecycle:
resource "terraform_data" "shift" {
  input = "2026-11-30 morning"
  lifecycle {
    action_trigger {
      events  = [after_create, after_update]
      actions = [action.privatenumber_ax_temporary_callee.customer]
    }
  }
}
