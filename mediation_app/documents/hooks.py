"""The points in the documents' operations where other domains attach (wired in
``mediation_app.wiring``)."""

from mediation_app.core.hooks import Hook

# A document's file is stored and hashed (in the rendering job's transaction): what
# exists can now be served on the parties.
document_stored = Hook("document_stored", ("document",))
