# Every byte explained: the spans that tile a message, the roles of bytes no field holds, the text, HTML and JSON.
rpcscope_add_test(core/explain messagespans)
rpcscope_add_test(core/explain spanroles)
rpcscope_add_test(core/explain explaintext)
rpcscope_add_test(core/explain explainhtml)
