# adopt.tfquery.hcl, beside the configuration's provider block (Terraform 1.14
# and later). `terraform query -generate-config-out=adopted.tf` writes a
# resource and an import block for every AX binding found.
list "privatenumber_ax_binding" "hotlines" {
  provider         = privatenumber
  include_resource = true
  config {
    x_numbers = ["+8617000000001", "+8617000000002"]
    # or every X of one A: a_number = "+8675529998877"
  }
}
