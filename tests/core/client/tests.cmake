rpcscope_add_test(core/client callexchange TIMEOUT 90)
rpcscope_add_test(core/client callcommand TIMEOUT 90)
rpcscope_add_test(core/client calltls TIMEOUT 90)
