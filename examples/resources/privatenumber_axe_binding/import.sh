# By subscription ID (the platform's subscriptionId):
terraform import 'privatenumber_axe_binding.merchant["tea-house"]' 0a1b2c3d4e5f60718293a4b5c6d7e8f9

# By the shared X number and the extension, as X_NUMBER/EXTENSION:
terraform import 'privatenumber_axe_binding.merchant["tea-house"]' +8617020000001/101
