# Moving from privatenumber_axb_binding resources to one pool without
# unbinding anything: import the pool by its X numbers, and forget the single
# resources without destroying their bindings (Terraform 1.7+, OpenTofu 1.7+).
import {
  to = privatenumber_axb_pool.key_accounts
  id = "+8617000000101,+8617000000102"
}

removed {
  from = privatenumber_axb_binding.account

  lifecycle {
    destroy = false
  }
}
