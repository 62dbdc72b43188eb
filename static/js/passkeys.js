/*
 * Passkeys (WebAuthn) without inline script: a form with data-passkey="register" or
 * data-passkey="sign_in" carries the server's options as JSON in data-passkey-options (as
 * py_webauthn's options_to_json writes them: binary values in base64url). On submit this asks
 * the browser (navigator.credentials.create / get), puts its answer as JSON into the form's
 * "credential" field and sends the form; the server checks it (lokakarya/auth/passkeys.py).
 * The forms (and sections marked data-passkey-section) stay hidden in browsers without WebAuthn.
 */
(function () {
  "use strict";

  function toBytes(base64url) {
    var base64 = base64url.replace(/-/g, "+").replace(/_/g, "/");
    while (base64.length % 4) base64 += "=";
    var text = atob(base64), bytes = new Uint8Array(text.length);
    for (var i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
    return bytes.buffer;
  }

  function toBase64url(buffer) {
    var bytes = new Uint8Array(buffer), text = "";
    for (var i = 0; i < bytes.length; i++) text += String.fromCharCode(bytes[i]);
    return btoa(text).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  }

  function descriptors(list) {
    return (list || []).map(function (item) {
      return Object.assign({}, item, { id: toBytes(item.id) });
    });
  }

  function publicKeyOptions(kind, options) {
    options.challenge = toBytes(options.challenge);
    if (kind === "register") {
      options.user.id = toBytes(options.user.id);
      options.excludeCredentials = descriptors(options.excludeCredentials);
    } else {
      options.allowCredentials = descriptors(options.allowCredentials);
    }
    return options;
  }

  function answer(credential) {
    var response = credential.response;
    var json = {
      id: credential.id,
      rawId: toBase64url(credential.rawId),
      type: credential.type,
      clientExtensionResults: credential.getClientExtensionResults ? credential.getClientExtensionResults() : {},
      response: { clientDataJSON: toBase64url(response.clientDataJSON) }
    };
    if (credential.authenticatorAttachment) json.authenticatorAttachment = credential.authenticatorAttachment;
    if (response.attestationObject) {
      json.response.attestationObject = toBase64url(response.attestationObject);
      json.response.transports = response.getTransports ? response.getTransports() : [];
    } else {
      json.response.authenticatorData = toBase64url(response.authenticatorData);
      json.response.signature = toBase64url(response.signature);
      if (response.userHandle) json.response.userHandle = toBase64url(response.userHandle);
    }
    return JSON.stringify(json);
  }

  function say(form, text) {
    var message = form.querySelector("[data-passkey-message]");
    if (message) {
      message.textContent = text;
      message.hidden = !text;
    }
  }

  function start(form) {
    var kind = form.dataset.passkey;
    var options = publicKeyOptions(kind, JSON.parse(form.dataset.passkeyOptions));
    var ask = kind === "register"
      ? navigator.credentials.create({ publicKey: options })
      : navigator.credentials.get({ publicKey: options });
    var button = form.querySelector("button[type=submit]");
    if (button) button.disabled = true;
    say(form, "");
    ask.then(function (credential) {
      form.querySelector("[name=credential]").value = answer(credential);
      form.submit();
    }).catch(function () {
      if (button) button.disabled = false;
      say(form, form.dataset.passkeyFailed);
    });
  }

  var forms = document.querySelectorAll("form[data-passkey]");
  if (!window.PublicKeyCredential || !navigator.credentials) return;
  Array.prototype.forEach.call(document.querySelectorAll("[data-passkey-section]"), function (section) {
    section.hidden = false;
  });
  Array.prototype.forEach.call(forms, function (form) {
    form.hidden = false;
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      if (!form.reportValidity()) return;
      start(form);
    });
  });
})();
