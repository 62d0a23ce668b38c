# Adopt bindings made earlier by a script: by X_NUMBER/EXTENSION ...
import {
  to = privatenumber_axe_binding.merchant["tea-house"]
  id = "+8617020000001/101"
}

# ... or by subscription ID.
import {
  to = privatenumber_axe_binding.merchant["noodle-shop"]
  id = "0a1b2c3d4e5f60718293a4b5c6d7e8f9"
}
