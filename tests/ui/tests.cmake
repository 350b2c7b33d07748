# Widgets of the inspector window, under QT_QPA_PLATFORM=offscreen.
rpcscope_add_test(ui hexview LIBS rpcscope_ui)
rpcscope_add_test(ui mainwindow LIBS rpcscope_ui TIMEOUT 180)
rpcscope_add_test(ui callexporter LIBS rpcscope_ui)
rpcscope_add_test(ui captureloader LIBS rpcscope_ui)
rpcscope_add_test(ui javaclasspathsetting LIBS rpcscope_ui)
rpcscope_add_test(ui tlskeylogs LIBS rpcscope_ui TIMEOUT 120)
rpcscope_add_test(ui walkthroughpanel LIBS rpcscope_ui TIMEOUT 120)
rpcscope_add_test(ui messageexport LIBS rpcscope_ui)
