# The call store and the item models behind the GUI, over hand-built calls of a toy protocol (toyprotocol.h).
rpcscope_add_test(core/models callfilter)
rpcscope_add_test(core/models callstore)
rpcscope_add_test(core/models calllistmodel)
rpcscope_add_test(core/models decodetreemodel)
rpcscope_add_test(core/models callstatistics)
rpcscope_add_test(core/models messagetext)
rpcscope_add_test(core/models fieldcounterpart)
rpcscope_add_test(core/models walkthroughsteps)
