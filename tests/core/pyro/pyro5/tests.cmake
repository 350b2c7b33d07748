# Pyro5: its header, the decoder on real traffic of every serializer (and our messages read by real Pyro5), and
# damaged messages.
rpcscope_add_test(core/pyro/pyro5 pyro5header LIBS rpcscope_pyro_testfixtures)
rpcscope_add_test(core/pyro/pyro5 pyro5decoder LIBS rpcscope_pyro_testfixtures)
rpcscope_add_test(core/pyro/pyro5 pyro5interop LIBS rpcscope_pyro_testfixtures Qt6::Network)
rpcscope_add_test(core/pyro/pyro5 pyro5malformed LIBS rpcscope_pyro_testfixtures)
