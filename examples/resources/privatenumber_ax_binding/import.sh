# By the binding's ID (subscriptionId):
terraform import privatenumber_ax_binding.flagship 2ad4a5c5-7e8e-4b8b-9c0f-6c1a3f0e5d21

# By its X number: the binding on that X.
terraform import 'privatenumber_ax_binding.front_desk["shenzhen-futian"]' +8617000000002
