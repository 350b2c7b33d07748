# Pyro4: one test per unit, plus the end-to-end checks on captured traffic.
rpcscope_add_test(core/pyro/pyro4 pyro4header LIBS rpcscope_pyro_testfixtures)
rpcscope_add_test(core/pyro/pyro4 pyro4decoder LIBS rpcscope_pyro_testfixtures)
rpcscope_add_test(core/pyro/pyro4 pyro4malformed LIBS rpcscope_pyro_testfixtures)
rpcscope_add_test(core/pyro/pyro4 pyro4captures TIMEOUT 180)
rpcscope_add_test(core/pyro/pyro4 pyro4values LIBS rpcscope_pyro_testfixtures)
# Real Pyro4 peers echo a few hundred kinds of value through `rpcscope-cli proxy`; decoded values against received.
rpcscope_add_test(core/pyro/pyro4 pyro4valueinterop TIMEOUT 180)
target_include_directories(tst_pyro4valueinterop PRIVATE ${CMAKE_CURRENT_LIST_DIR}/../../../capture/proxy)
