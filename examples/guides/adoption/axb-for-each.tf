# OpenTofu (and Terraform 1.7 and later): adopt every AXB pair on one X with
# an import block that iterates over the privatenumber_axb_bindings data source.
data "privatenumber_axb_bindings" "x1" {
  x_number = "+8617010000001"
  # a_number = "+8613800000001"   # only one account manager's pairs
}

locals {
  # Keyed by the customer's number (B): stable across re-binds, unlike the ID.
  pairs = { for b in data.privatenumber_axb_bindings.x1.bindings : b.b_number => b }
}

import {
  for_each = local.pairs
  to       = privatenumber_axb_binding.pair[each.key]
  id       = each.value.id
}

resource "privatenumber_axb_binding" "pair" {
  for_each = local.pairs

  x_number         = each.value.x_number
  a_number         = each.value.a_number
  b_number         = each.value.b_number
  call_direction   = each.value.call_direction
  lifetime         = each.value.lifetime
  record_calls     = each.value.record_calls
  record_hint_tone = each.value.record_hint_tone
  max_call_minutes = each.value.max_call_minutes
  last_minute_tone = each.value.last_minute_tone
  sms_enabled      = each.value.sms_enabled
  a_hint_tone      = each.value.a_hint_tone
  b_hint_tone      = each.value.b_hint_tone
  user_data        = each.value.user_data
}
