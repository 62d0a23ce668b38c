# The AXB pairs on two X numbers, only those of one account manager (A).
# `terraform query -generate-config-out=adopted.tf` (Terraform 1.14 and later).
list "privatenumber_axb_binding" "pairs" {
  provider         = privatenumber
  include_resource = true
  config {
    x_numbers = ["+8617010000001", "+8617010000002"]
    a_number  = "+8613800000001"
    # b_number = "+8613900000001"
  }
}
