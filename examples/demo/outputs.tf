output "hotline" {
  description = "The front desk's published number (AX)."
  value       = privatenumber_ax_binding.front_desk.x_number
}

output "staff_extensions" {
  description = "Dial X, then the extension (AXE)."
  value       = { for k, b in privatenumber_axe_binding.staff : k => "${b.x_number} ext. ${b.extension}" }
}

output "account_pairs" {
  description = "The number each key customer and their account manager dial to reach each other (AXB)."
  value       = { for k, b in privatenumber_axb_binding.account : k => b.x_number }
}

output "courier" {
  description = "The courier's X, and the Y each regular customer is reached on (AXYB)."
  value = {
    x_number  = privatenumber_axyb_binding.courier.x_number
    customers = { for k, m in privatenumber_axyb_member.customer : k => m.y_number }
  }
}
