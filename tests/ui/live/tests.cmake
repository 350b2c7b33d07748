# The window's live panels (ui/live), under QT_QPA_PLATFORM=offscreen: the capture dialog and live sources, and the
# panels that change calls in flight, with a real Python client waiting behind the proxy.
rpcscope_add_test(ui/live capturedialog LIBS rpcscope_ui rpcscope_capture)
rpcscope_add_test(ui/live livesources LIBS rpcscope_ui rpcscope_capture)
rpcscope_add_test(ui/live rulespanel LIBS rpcscope_ui rpcscope_capture)
rpcscope_add_test(ui/live interceptpanel LIBS rpcscope_ui rpcscope_capture)
rpcscope_add_test(ui/live heldmessageeditor LIBS rpcscope_ui rpcscope_capture)
rpcscope_add_test(ui/live inflighttools LIBS rpcscope_ui rpcscope_capture)
rpcscope_add_test(ui/live proxypanel LIBS rpcscope_ui rpcscope_capture)
