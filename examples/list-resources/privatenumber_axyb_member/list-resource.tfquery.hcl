# The members of the groups on an X, optionally only one customer (B).
# `terraform query -generate-config-out=adopted.tf` (Terraform 1.14 and later).
list "privatenumber_axyb_member" "customers" {
  provider         = privatenumber
  include_resource = true
  config {
    x_numbers = ["+8617100000301"]
    b_number  = "+8613900000001"
  }
}
