-- wrk script: every request is the XML-RPC call add(3, 4).
wrk.method = "POST"
wrk.path = "/RPC2"
wrk.headers["Content-Type"] = "text/xml"
wrk.body = "<?xml version='1.0'?>\n<methodCall>\n<methodName>add</methodName>\n<params>\n" ..
    "<param>\n<value><int>3</int></value>\n</param>\n<param>\n<value><int>4</int></value>\n</param>\n" ..
    "</params>\n</methodCall>\n"
