# Pyro: the serializers and what the protocol versions share, one test per unit; the versions' own tests in pyro4/
# and pyro5/.
add_library(rpcscope_pyro_testfixtures STATIC ${CMAKE_CURRENT_LIST_DIR}/pyrofixtures.cpp ${CMAKE_CURRENT_LIST_DIR}/pyrofixtures.h)
target_link_libraries(rpcscope_pyro_testfixtures PUBLIC rpcscope_testsupport rpcscope_core Qt6::Test)
target_include_directories(rpcscope_pyro_testfixtures PUBLIC ${CMAKE_CURRENT_LIST_DIR})

rpcscope_add_test(core/pyro pyrepr)
rpcscope_add_test(core/pyro pytext)
rpcscope_add_test(core/pyro pydatetime LIBS rpcscope_pyro_testfixtures)
rpcscope_add_test(core/pyro serpentparser)
rpcscope_add_test(core/pyro marshalreader LIBS rpcscope_pyro_testfixtures)
rpcscope_add_test(core/pyro pickledisassembler LIBS rpcscope_pyro_testfixtures)
rpcscope_add_test(core/pyro msgpackreader LIBS rpcscope_pyro_testfixtures)
rpcscope_add_test(core/pyro msgpackwriter LIBS rpcscope_pyro_testfixtures)
rpcscope_add_test(core/pyro picklewriter LIBS rpcscope_pyro_testfixtures)
rpcscope_add_test(core/pyro pyrojsonreader LIBS rpcscope_pyro_testfixtures)
rpcscope_add_test(core/pyro pyroannotations LIBS rpcscope_pyro_testfixtures)
rpcscope_add_test(core/pyro pyroframer LIBS rpcscope_pyro_testfixtures)
rpcscope_add_test(core/pyro pyroencoder LIBS rpcscope_pyro_testfixtures Qt6::Network)
rpcscope_add_test(core/pyro pyromessagebuilder LIBS rpcscope_pyro_testfixtures)
rpcscope_add_test(core/pyro pyrouri)

include(${CMAKE_CURRENT_LIST_DIR}/pyro4/tests.cmake)
include(${CMAKE_CURRENT_LIST_DIR}/pyro5/tests.cmake)
