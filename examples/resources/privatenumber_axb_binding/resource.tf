# Each key customer's buyer (A) is paired with their account manager (B) on one
# masked number X. When a manager leaves, change b_number: the binding is
# updated in place and the buyer keeps dialling the same X.
variable "accounts" {
  type = map(object({ buyer = string, manager = string }))
  default = {
    acme   = { buyer = "+8613800000001", manager = "+8613900000001" }
    globex = { buyer = "+8613800000002", manager = "+8613900000002" }
  }
}

resource "privatenumber_axb_binding" "account" {
  for_each = var.accounts

  x_number       = "+8617000000001" # one X carries up to 5000 pairs, each number once
  a_number       = each.value.buyer
  b_number       = each.value.manager
  call_direction = "both"
  # lifetime = "0s" (the default): no expiry

  record_calls     = true
  max_call_minutes = 60
  last_minute_tone = "one-minute-left.wav" # uploaded and approved in the console
  user_data        = "account=${each.key}"
}

# A short-lived pair on a number the platform picks in Shenzhen: x_number holds
# the picked X after the first apply. To pin it, write that X into x_number in
# place of area_code: the binding is kept, not replaced.
resource "privatenumber_axb_binding" "delivery" {
  area_code        = "0755"
  area_match_mode  = "fallback" # take a number of another city when 0755 has none free
  a_number         = "+8613800000003"
  b_number         = "+8613900000003"
  call_direction   = "b_to_a" # only the courier (B) calls the customer (A)
  lifetime         = "24h"    # the platform unbinds it after a day
}

# A campaign number that lives 30 days at a time and is renewed in place
# (same id, same X) by any plan and apply that runs in its last 3 days.
resource "privatenumber_axb_binding" "campaign" {
  x_number     = "+8617000000002"
  a_number     = "+8613800000004"
  b_number     = "+8613900000004"
  lifetime     = "720h"
  renew_before = "72h"
}

output "delivery_number" {
  value = privatenumber_axb_binding.delivery.x_number
}
