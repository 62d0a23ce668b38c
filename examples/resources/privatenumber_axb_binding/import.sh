# By the binding's subscriptionId:
terraform import 'privatenumber_axb_binding.account["acme"]' 9f1c2d3e4b5a6978

# By its numbers, X_NUMBER/A_NUMBER/B_NUMBER (for pairs made before Terraform,
# whose subscriptionId is not at hand):
terraform import 'privatenumber_axb_binding.account["acme"]' +8617000000001/+8613800000001/+8613900000001
