# Every extension on a shop's X, optionally of one A.
# `terraform query -generate-config-out=adopted.tf` (Terraform 1.14 and later).
list "privatenumber_axe_binding" "staff" {
  provider         = privatenumber
  include_resource = true
  config {
    x_numbers = ["+8617020000001"]
  }
}
