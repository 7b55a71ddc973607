// ESLint for the page's modules (site/js): plain ES modules in the browser, no build.
// `make lint` runs it: `npm run lint` (eslint site/js eslint.config.js).
import js from "@eslint/js";
import globals from "globals";

export default [
  { ignores: [".venv*/", "node_modules/", "build/", "test-artifacts/", ".aws-sam/"] },
  {
    files: ["site/js/**/*.js"],
    languageOptions: {
      ecmaVersion: 2024,
      sourceType: "module",
      globals: globals.browser,
    },
    rules: {
      ...js.configs.recommended.rules,
      eqeqeq: ["error", "always"],
      "no-var": "error",
      "prefer-const": "error",
      "no-implicit-globals": "error",
      "no-shadow": "error",
      "no-unused-vars": ["error", { args: "after-used", caughtErrors: "none" }],
      "no-restricted-properties": [
        "error",
        { property: "innerHTML", message: "Set text with textContent: data never becomes markup." },
        { property: "outerHTML", message: "Set text with textContent: data never becomes markup." },
      ],
      "no-restricted-syntax": [
        "error",
        {
          selector: "CallExpression[callee.property.name='insertAdjacentHTML']",
          message: "No markup from strings.",
        },
      ],
      "no-console": "error",
    },
  },
  {
    files: ["eslint.config.js"],
    languageOptions: { sourceType: "module", globals: globals.node },
    rules: js.configs.recommended.rules,
  },
];
