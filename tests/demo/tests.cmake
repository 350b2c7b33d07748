# The first five minutes: the built-in demo, headless.
rpcscope_add_test(demo demo TIMEOUT 120 LIBS Qt6::Gui)
add_dependencies(tst_demo rpcscope)
