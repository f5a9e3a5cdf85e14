"""Personal information under PIPL (个人信息保护法): masked by default, revealed only on
purpose and on the record, and processed with the consent given at registration."""
