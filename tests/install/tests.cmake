# Packaging: what `cmake --install` puts in place matches what the desktop entry names.
rpcscope_add_test(install install TIMEOUT 120)
target_compile_definitions(tst_install PRIVATE RPCSCOPE_CMAKE="${CMAKE_COMMAND}" RPCSCOPE_BINARY_DIR="${CMAKE_BINARY_DIR}")
add_dependencies(tst_install rpcscope)
