import { createApp } from "vue";
import Checkout from "./Checkout.vue";

createApp(Checkout, { publicKey: import.meta.env.VITE_MERCHANT_PUBLIC_KEY }).mount("#app");
