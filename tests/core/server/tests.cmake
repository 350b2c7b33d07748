rpcscope_add_test(core/server xmlrpcwriter TIMEOUT 60)
rpcscope_add_test(core/server xmlrpcserver TIMEOUT 90)
rpcscope_add_test(core/server pyro4daemon TIMEOUT 60)
rpcscope_add_test(core/server servecommand TIMEOUT 60)
