# Show which number a binding protects without revealing it, in the form
# the provider's logs use (find it in TF_LOG output).
output "protected_numbers" {
  value = {
    for name, b in privatenumber_ax_binding.staff :
    name => provider::privatenumber::mask_number(b.a_number) # e.g. "+86*******8000"
  }
}
