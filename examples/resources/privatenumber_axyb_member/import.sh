# SUBSCRIPTION_ID/B_NUMBER: the group's subscription ID and the customer's number.
terraform import 'privatenumber_axyb_member.customer["+8613900000001"]' 6f1c0a4e9b2d4c7f8a3e5d1b2c4f6a8e/+8613900000001
