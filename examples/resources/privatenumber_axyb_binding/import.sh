# By the group's subscription ID:
terraform import privatenumber_axyb_binding.driver 6f1c0a4e9b2d4c7f8a3e5d1b2c4f6a8e

# Or by the group's X number (one X belongs to one group):
terraform import privatenumber_axyb_binding.driver +8617100000301
