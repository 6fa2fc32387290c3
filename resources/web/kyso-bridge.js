/*
 * kyso-bridge.js — call Kyso's local signing bridge from a web page. One file, no
 * dependencies, promise-based. Speaks the VGCA Sign Service protocol (so pages written for
 * vgcaplugin.js keep working) and offers a cleaner call:
 *
 *   const answer = await kyso.sign({
 *     url: "https://qlvb.example.gov.vn/files/123.pdf",        // the document (your server)
 *     profile: "approval",  // approval | issuance | appendix | copy | income
 *     upload: "https://qlvb.example.gov.vn/upload?token=ONE-TIME-TOKEN",
 *     docNumber: "12/QĐ-UBND", issuedDate: "2026-11-29",
 *   });
 *   // answer = your upload handler's JSON ({Status: 0, ...}) or Kyso's {Status, Message, Code}
 *
 *   kyso.call("SignIssued", {FileName: url, FileUploadHandler: handler})  // VGCA-style
 *   kyso.config()                                                          // is Kyso there?
 *
 * Status: 0 success, 1 error, 2 cancelled by the user, 3 refused (origin, address, size, rate),
 * 4 operation not supported. The user sees Kyso's consent window for every signature.
 */
(function (global) {
  "use strict";
  var PORT = 8987;
  var PROFILES = {
    approval: "SignApproved", issuance: "SignIssued", appendix: "SignAppendix",
    copy: "SignCopy", income: "SignIncome"
  };

  function call(operation, request, options) {
    options = options || {};
    var timeoutMs = options.timeoutMs || 10 * 60 * 1000;  // the user may take a while
    return new Promise(function (resolve, reject) {
      var ws;
      try {
        var port = options.port || global.kyso.port || PORT;
        ws = new WebSocket("wss://127.0.0.1:" + port + "/" + encodeURIComponent(operation));
      } catch (e) {
        reject(new Error("Kyso: cannot open the connection (" + e.message + ")"));
        return;
      }
      var done = false;
      var timer = setTimeout(function () {
        if (!done) { done = true; ws.close(); reject(new Error("Kyso: no answer in time")); }
      }, timeoutMs);
      ws.onopen = function () { ws.send(JSON.stringify(request || {})); };
      ws.onmessage = function (event) {
        if (done) return;
        done = true; clearTimeout(timer);
        try { resolve(JSON.parse(event.data)); } catch (e) { reject(new Error("Kyso: bad answer")); }
        ws.close();
      };
      ws.onerror = function () {
        if (done) return;
        done = true; clearTimeout(timer);
        reject(new Error("Kyso is not running, or its local certificate is not trusted " +
                         "(run: kyso bridge setup)"));
      };
    });
  }

  function sign(args) {
    var operation = PROFILES[args.profile || "approval"];
    if (!operation) return Promise.reject(new Error("Kyso: unknown profile " + args.profile));
    var request = {
      FileName: args.url || "",
      FileUploadHandler: args.upload,
      DocNumber: args.docNumber || "",
      IssuedDate: args.issuedDate || "",
      MetaData: Object.keys(args.metadata || {}).map(function (k) {
        return {Key: k, Value: String(args.metadata[k])};
      })
    };
    if (args.files) {
      request.Files = args.files.map(function (f, i) {
        return {FileID: f.id || String(i), FileName: f.name || "", URL: f.url};
      });
      delete request.FileName;
    }
    return call(operation, request, args);
  }

  global.kyso = {
    port: PORT,  // Kyso listens on 8987; change only if IT moved it
    call: call,
    sign: sign,
    verify: function (url) { return call("VerifyPDF", {FileName: url}); },
    certificate: function () { return call("GetCertInfo", {}); },
    config: function () { return call("Config", {}); }
  };
})(typeof window !== "undefined" ? window : this);
