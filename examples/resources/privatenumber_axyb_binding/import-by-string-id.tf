# Adopt a group made outside Terraform (or one whose bind answer was lost) by its X.
# The subscription ID works as well.
import {
  to = privatenumber_axyb_binding.driver
  id = "+8617100000301"
}
