"""Requests of our own for the politeness model's tests: clearly polite, clearly rude, plain."""

from __future__ import annotations

POLITE = [
    "Thank you so much, could you please check the size chart for me?",
    "Hi, thanks for the help! Would you mind resending the invoice?",
    "Thanks a lot, I really appreciate it. Could you please look at the colour?",
    "Hello, thank you for the quick reply. Would you please confirm the date?",
    "Many thanks! Could you kindly send the receipt when you have a moment?",
    "Hi there, thanks again. Would you be able to check the second parcel?",
]
RUDE = [
    "This is stupid, fix the wrong label now.",
    "Your answer is nonsense. Send the right item.",
    "Wrong again. Stop ignoring the problem.",
    "What a ridiculous mess, just refund it.",
    "Useless reply. Why is the order still wrong?",
    "Terrible service, fix this stupid mistake.",
]
NEUTRAL = [
    "The parcel is in the depot.",
    "Is the blue one in stock?",
    "The label shows the old address.",
    "Where is the second box?",
    "The courier comes at noon.",
    "The lamp needs a different bulb.",
    "Which warehouse sent it?",
    "The invoice lists two mugs.",
    "It was packed on Tuesday.",
    "Is the voucher still valid?",
    "The box was left at reception.",
    "Does it come in green?",
]
