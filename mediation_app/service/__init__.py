"""Service of documents (送达): each party's consent to electronic service and its
addresses (送达地址确认书), the record of every document served on it by every
channel, and the electronic service certificate (电子送达凭证) built from them."""
