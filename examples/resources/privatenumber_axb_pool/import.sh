# By the pool's X numbers, joined by commas: every pair on them is adopted.
terraform import privatenumber_axb_pool.key_accounts '+8617000000101,+8617000000102'
