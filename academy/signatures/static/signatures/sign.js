// Sign the server-rendered document in NCALayer (ncalayer-js-client, vendored) and post the CMS.
(function () {
  "use strict";
  var form = document.getElementById("sign-form");
  if (!form) { return; }
  var button = document.getElementById("sign-button");
  var status = document.getElementById("sign-status");

  function say(key, extra) {
    status.textContent = status.dataset[key] + (extra ? " " + extra : "");
  }

  button.addEventListener("click", async function () {
    button.disabled = true;
    var client = new NCALayerClient(form.dataset.ncalayerUrl, false);
    try {
      say("connecting");
      await client.connect();
      say("signing");
      var cms = await client.basicsSignCMS(
        NCALayerClient.basicsStorageAll,
        form.dataset.document,
        NCALayerClient.basicsCMSParamsDetached,
        NCALayerClient.basicsSignerSignAny,
        form.dataset.locale
      );
      document.getElementById("id_cms").value = cms;
      say("sending");
      form.submit();
    } catch (error) {
      say("failed", error && error.message ? error.message : String(error));
      button.disabled = false;
    }
  });
})();
