# The company's hotline numbers and every pair on them, in one resource.
resource "privatenumber_axb_pool" "key_accounts" {
  x_numbers = ["+8617000000101", "+8617000000102"]
  exclusive = true # default: pairs on these X that are not declared here are unbound

  pairs = {
    "hotel-grand" = { a_number = "+8613800000001", b_number = "+8613900000001", record_calls = true }
    "wedding-co"  = { a_number = "+8613800000002", b_number = "+8613900000002" }
    # Pinned to one X; the others are placed by the plan.
    "airport" = { a_number = "+8613800000003", b_number = "+8613900000003", x_number = "+8617000000102" }
    # Lives 30 days; a plan and apply within 3 days of its expires_at renew it in place.
    "trade-fair" = { a_number = "+8613800000004", b_number = "+8613900000004", lifetime = "720h", renew_before = "72h" }
  }
}

# Where the plan placed a pair.
output "hotel_grand_x" {
  value = privatenumber_axb_pool.key_accounts.pairs["hotel-grand"].x_number
}
